using Circula.Data;
using Circula.Ordering.Contracts;
using Circula.Payments.Contracts;
using Circula.Shared.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Circula.Payments;

/// <summary>
/// A Payments handler of Ordering's <see cref="OrderStatusChanged"/> that acts when an order reaches <see cref="To"/>, on the
/// order's payments in <see cref="PaymentStatuses"/> (oldest first, read without tracking). Every other change is delivered
/// with nothing done.
/// </summary>
public abstract class OrderStatusHandler(CirculaDbContext db)
{
    /// <summary>The order status this handler acts on.</summary>
    protected abstract OrderStatus To { get; }

    protected abstract PaymentStatus[] PaymentStatuses { get; }

    public async Task HandleAsync(OrderStatusChanged change, EventEnvelope envelope, CancellationToken ct)
    {
        if (change.To != To)
        {
            return;
        }

        var orderId = change.OrderId.Value;
        var statuses = PaymentStatuses;
        var payments = await db.Set<Payment>().AsNoTracking()
            .Where(p => p.OrderId == orderId && statuses.Contains(p.Status)).OrderBy(p => p.Id).ToListAsync(ct);
        await ActAsync(change, payments, ct);
    }

    protected abstract Task ActAsync(OrderStatusChanged change, IReadOnlyList<Payment> payments, CancellationToken ct);
}
