namespace Circula.Ordering.Contracts;

/// <summary>Where an order is in its lifecycle (see Ordering's transition table and docs/orders.md).</summary>
public enum OrderStatus
{
    PendingPayment,
    Paid,
    Shipped,
    Completed,
    Cancelled,
    RefundRequested,
    Refunded,
}
