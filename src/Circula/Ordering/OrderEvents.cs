using Circula.Shared.Outbox;

namespace Circula.Ordering;

public sealed record OrderPlacedLine(string SkuId, int Quantity, long UnitPriceFen);

/// <summary>Raised once when an order is placed (ids as strings: they exceed 2^53).</summary>
public sealed record OrderPlaced(string OrderId, string Number, long CustomerId, long TotalFen, DateTime PaymentDeadline, IReadOnlyList<OrderPlacedLine> Lines)
    : IIntegrationEvent
{
    public static string EventType => "order.placed";
}

/// <summary>Raised by every transition of the state machine.</summary>
public sealed record OrderStatusChanged(string OrderId, string Number, long CustomerId, string From, string To, string Actor, string? Reason)
    : IIntegrationEvent
{
    public static string EventType => "order.status-changed";
}
