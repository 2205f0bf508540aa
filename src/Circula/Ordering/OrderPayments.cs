using Circula.Data;
using Circula.Ordering.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Circula.Ordering;

/// <summary>Implements <see cref="IOrderPayments"/> on top of the transition table (MarkPaid by the system).</summary>
internal sealed class OrderPayments(CirculaDbContext db, OrderTransitions transitions) : IOrderPayments
{
    public async Task<PayableOrder?> GetPayableAsync(long orderId, long customerId, CancellationToken ct) =>
        await db.Set<Order>().AsNoTracking()
            .Where(o => o.Id == orderId && o.CustomerId == customerId)
            .Select(o => new { o.Id, o.Number, o.TotalFen, o.Status, o.PaymentDeadline })
            .FirstOrDefaultAsync(ct) is { } o
            ? new PayableOrder(o.Id, o.Number, o.TotalFen, o.Status.ToString(), o.PaymentDeadline)
            : null;

    public async Task<MarkPaidResult> MarkPaidAsync(long orderId, string reason, CancellationToken ct)
    {
        var result = await transitions.ApplyAsync(orderId, OrderTrigger.MarkPaid, OrderRequester.System, reason, ct);
        if (result.Problem is null)
        {
            return new MarkPaidResult(MarkPaidOutcome.Paid, result.Order!.Status.ToString());
        }

        return result.Order?.Status switch
        {
            null => new MarkPaidResult(MarkPaidOutcome.NotPayable, null),
            OrderStatus.Paid or OrderStatus.Shipped or OrderStatus.Completed or OrderStatus.RefundRequested =>
                new MarkPaidResult(MarkPaidOutcome.AlreadyPaid, result.Order.Status.ToString()),
            var status => new MarkPaidResult(MarkPaidOutcome.NotPayable, status.ToString()),
        };
    }
}
