using Circula.Data;
using Circula.Payments.Contracts;
using Circula.Shared.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Circula.Payments;

/// <summary>
/// Consumes <see cref="PaymentSucceededAfterCancel"/>: money that arrived for an order already cancelled (paid just before
/// its trade was closed, see <see cref="ProviderCloses"/>) goes back in full, through <see cref="ProviderRefunds"/> (once
/// per payment, however often the event comes).
/// </summary>
public sealed class RefundAfterCancelHandler(CirculaDbContext db, ProviderRefunds refunds) : IOutboxHandler<PaymentSucceededAfterCancel>
{
    public static string Name => "payments.refund-after-cancel";

    public async Task HandleAsync(PaymentSucceededAfterCancel @event, EventEnvelope envelope, CancellationToken ct)
    {
        var payment = await db.Set<Payment>().AsNoTracking().SingleAsync(p => p.Id == @event.PaymentId.Value, ct);
        await refunds.RefundInFullAsync(payment, Refund.PaidAfterCancel, ct);
    }
}
