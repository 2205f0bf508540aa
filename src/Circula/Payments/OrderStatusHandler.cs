using System.Globalization;
using Circula.Data;
using Circula.Ordering.Contracts;
using Circula.Shared.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Circula.Payments;

/// <summary>
/// A Payments handler of Ordering's <c>order.status-changed</c> that acts when an order reaches <see cref="To"/>, on the
/// order's payments in <see cref="PaymentStatuses"/> (oldest first, read without tracking). Every other change is delivered
/// with nothing done.
/// </summary>
public abstract class OrderStatusHandler(CirculaDbContext db) : IOutboxHandler
{
    public abstract string Name { get; }

    /// <summary>The order status (a name of Ordering's transition table) this handler acts on.</summary>
    protected abstract string To { get; }

    protected abstract PaymentStatus[] PaymentStatuses { get; }

    public bool Handles(string eventType) => eventType == OrderStatusChanged.EventType;

    public async Task HandleAsync(OutboxEnvelope message, CancellationToken ct)
    {
        var change = message.Read<OrderStatusChanged>();
        if (change.To != To)
        {
            return;
        }

        var orderId = long.Parse(change.OrderId, CultureInfo.InvariantCulture);
        var statuses = PaymentStatuses;
        var payments = await db.Set<Payment>().AsNoTracking()
            .Where(p => p.OrderId == orderId && statuses.Contains(p.Status)).OrderBy(p => p.Id).ToListAsync(ct);
        await ActAsync(change, orderId, payments, ct);
    }

    protected abstract Task ActAsync(OrderStatusChanged change, long orderId, IReadOnlyList<Payment> payments, CancellationToken ct);
}
