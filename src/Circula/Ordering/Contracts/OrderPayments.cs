using Circula.Identity.Contracts;

namespace Circula.Ordering.Contracts;

/// <summary>What a payment needs to know about an order. Money is fen.</summary>
public sealed record PayableOrder(OrderId OrderId, string Number, long TotalFen, OrderStatus Status, DateTime PaymentDeadline)
{
    public bool IsPayable => Status == OrderStatus.PendingPayment;
}

public enum MarkPaidOutcome
{
    /// <summary>The order moved to Paid now.</summary>
    Paid,

    /// <summary>The order was already paid; nothing changed.</summary>
    AlreadyPaid,

    /// <summary>The order is in a status that cannot become paid (cancelled, refunded, ...) or does not exist; nothing changed.</summary>
    NotPayable,
}

/// <summary>What marking an order paid did; <see cref="OrderStatus"/> is null when the order does not exist.</summary>
public sealed record MarkPaidResult(MarkPaidOutcome Outcome, OrderStatus? OrderStatus);

/// <summary>The only way Payments reads and pays orders.</summary>
public interface IOrderPayments
{
    /// <summary>The order when it belongs to <paramref name="customerId"/>, else null.</summary>
    Task<PayableOrder?> GetPayableAsync(OrderId orderId, UserId customerId, CancellationToken ct);

    /// <summary>
    /// Marks the order paid by the system (a verified payment), inside the caller's transaction when there is one.
    /// Concurrency failures are thrown (as DbUpdateException) so the caller's transaction rolls back as a whole.
    /// </summary>
    Task<MarkPaidResult> MarkPaidAsync(OrderId orderId, string reason, CancellationToken ct);
}
