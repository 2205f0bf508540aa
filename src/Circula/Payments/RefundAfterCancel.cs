using System.Globalization;
using Circula.Data;
using Circula.Shared.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Circula.Payments;

/// <summary>
/// Consumes <c>payment.succeeded-after-cancel</c>: money that arrived for an order already cancelled (paid just before
/// its trade was closed, see <see cref="ProviderCloses"/>) goes back in full, through <see cref="ProviderRefunds"/> (once
/// per payment, however often the event comes).
/// </summary>
public sealed class RefundAfterCancelHandler(CirculaDbContext db, ProviderRefunds refunds) : IOutboxHandler
{
    public string Name => "payments.refund-after-cancel";

    public bool Handles(string eventType) => eventType == PaymentSucceededAfterCancel.EventType;

    public async Task HandleAsync(OutboxEnvelope message, CancellationToken ct)
    {
        var paymentId = long.Parse(message.Read<PaymentSucceededAfterCancel>().PaymentId, CultureInfo.InvariantCulture);
        var payment = await db.Set<Payment>().AsNoTracking().SingleAsync(p => p.Id == paymentId, ct);
        await refunds.RefundInFullAsync(payment, Refund.PaidAfterCancel, ct);
    }
}
