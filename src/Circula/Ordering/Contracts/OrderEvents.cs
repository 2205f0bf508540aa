using Circula.Shared.Outbox;

namespace Circula.Ordering.Contracts;

public sealed record OrderPlacedLine(string SkuId, int Quantity, long UnitPriceFen);

/// <summary>Raised once when an order is placed (ids as strings: they exceed 2^53).</summary>
public sealed record OrderPlaced(string OrderId, string Number, long CustomerId, long TotalFen, DateTime PaymentDeadline, IReadOnlyList<OrderPlacedLine> Lines)
    : IIntegrationEvent
{
    public static string EventType => "order.placed";
}

/// <summary>
/// Raised by every transition of the state machine; <see cref="From"/> and <see cref="To"/> are the status names of
/// Ordering's transition table (e.g. RefundRequested → Refunded when an operator approves a refund).
/// </summary>
public sealed record OrderStatusChanged(string OrderId, string Number, long CustomerId, string From, string To, string Actor, string? Reason)
    : IIntegrationEvent
{
    /// <summary>The status an order reaches when an operator approves its refund: its money has to go back.</summary>
    public const string Refunded = "Refunded";

    /// <summary>The status of an order that will not be paid (customer, operator, or the payment deadline): its open trades are closed.</summary>
    public const string Cancelled = "Cancelled";

    public static string EventType => "order.status-changed";
}
