using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Ordering.Contracts;
using Circula.Shared.StateMachines;
using Microsoft.EntityFrameworkCore;

namespace Circula.Ordering;

/// <summary>Implements <see cref="IOrderPayments"/> on top of the transition table (MarkPaid by the system).</summary>
internal sealed class OrderPayments(CirculaDbContext db, OrderTransitions transitions) : IOrderPayments
{
    public async Task<PayableOrder?> GetPayableAsync(OrderId orderId, UserId customerId, CancellationToken ct) =>
        await db.Set<Order>().AsNoTracking()
            .Where(o => o.Id == orderId.Value && o.CustomerId == customerId.Value)
            .Select(o => new PayableOrder(OrderId.From(o.Id), o.Number, o.TotalFen, o.Status, o.PaymentDeadline))
            .FirstOrDefaultAsync(ct);

    public async Task<MarkPaidResult> MarkPaidAsync(OrderId orderId, string reason, CancellationToken ct)
    {
        var result = await transitions.ApplyAsync(orderId.Value, OrderTrigger.MarkPaid, Requester.System, reason, ct);
        if (result.IsSuccess)
        {
            return new MarkPaidResult(MarkPaidOutcome.Paid, result.Value.Status);
        }

        // Refused: the order's status (read in the caller's transaction) tells whether it was paid already.
        OrderStatus? status = await db.Set<Order>().Where(o => o.Id == orderId.Value).Select(o => (OrderStatus?)o.Status).FirstOrDefaultAsync(ct);
        return status switch
        {
            OrderStatus.Paid or OrderStatus.Shipped or OrderStatus.Completed or OrderStatus.RefundRequested => new MarkPaidResult(MarkPaidOutcome.AlreadyPaid, status),
            _ => new MarkPaidResult(MarkPaidOutcome.NotPayable, status),
        };
    }
}
