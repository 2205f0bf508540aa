namespace Circula.Ordering.Contracts;

/// <summary>What a payment needs to know about an order. Ids are Snowflake numbers; money is fen.</summary>
public sealed record PayableOrder(long OrderId, string Number, long TotalFen, string Status, DateTime PaymentDeadline)
{
    /// <summary>The status in which an order may be paid.</summary>
    public const string PendingPayment = "PendingPayment";

    public bool IsPayable => Status == PendingPayment;
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

public sealed record MarkPaidResult(MarkPaidOutcome Outcome, string? OrderStatus);

/// <summary>The only way Payments reads and pays orders.</summary>
public interface IOrderPayments
{
    /// <summary>The order when it belongs to <paramref name="customerId"/>, else null.</summary>
    Task<PayableOrder?> GetPayableAsync(long orderId, long customerId, CancellationToken ct);

    /// <summary>
    /// Marks the order paid by the system (a verified payment), inside the caller's transaction when there is one.
    /// Concurrency failures are thrown (as DbUpdateException) so the caller's transaction rolls back as a whole.
    /// </summary>
    Task<MarkPaidResult> MarkPaidAsync(long orderId, string reason, CancellationToken ct);
}
