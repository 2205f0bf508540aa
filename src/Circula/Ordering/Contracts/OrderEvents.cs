using Circula.Catalog.Contracts;
using Circula.Identity.Contracts;
using Circula.Shared.Outbox;
using Circula.Shared.StateMachines;

namespace Circula.Ordering.Contracts;

public sealed record OrderPlacedLine(SkuId SkuId, int Quantity, long UnitPriceFen);

/// <summary>An order was placed: its stock is reserved and it waits for payment until <see cref="PaymentDeadline"/>.</summary>
public sealed record OrderPlaced(OrderId OrderId, string Number, UserId CustomerId, long TotalFen, DateTime PaymentDeadline, IReadOnlyList<OrderPlacedLine> Lines)
    : IIntegrationEvent
{
    public static string EventType => "order.placed.v1";
}

/// <summary>
/// An order moved through its transition table (one event per transition): e.g. to <see cref="OrderStatus.Paid"/> when
/// a verified payment arrived, to <see cref="OrderStatus.Cancelled"/> when it will not be paid (its open trades are
/// closed), to <see cref="OrderStatus.Refunded"/> when an operator approved its refund (its money goes back).
/// </summary>
public sealed record OrderStatusChanged(OrderId OrderId, string Number, UserId CustomerId, OrderStatus From, OrderStatus To, Actor Actor, string? Reason)
    : IIntegrationEvent
{
    public static string EventType => "order.status-changed.v1";
}
