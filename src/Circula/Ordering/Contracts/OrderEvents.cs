using Circula.Catalog.Contracts;
using Circula.Identity.Contracts;
using Circula.Shared.Outbox;
using Circula.Shared.StateMachines;

namespace Circula.Ordering.Contracts;

/// <summary>
/// One line of a placed order: a SKU of the shop, or (with no SKU) the marketplace listing <see cref="ListingId"/>, in
/// digits like every id in events (a Snowflake id does not fit a JavaScript number).
/// </summary>
public sealed record OrderPlacedLine(SkuId? SkuId, int Quantity, long UnitPriceFen, string? ListingId = null);

/// <summary>
/// An order was placed: its stock (or its marketplace listing) is reserved and it waits for payment until
/// <see cref="PaymentDeadline"/>. <see cref="SellerId"/> is the seller of the listing a marketplace order buys; null for shop orders.
/// </summary>
public sealed record OrderPlaced(OrderId OrderId, string Number, UserId CustomerId, long TotalFen, DateTime PaymentDeadline, IReadOnlyList<OrderPlacedLine> Lines,
    UserId? SellerId = null) : IAggregateEvent
{
    public static string EventType => "order.placed.v1";

    (string Kind, long Id) IAggregateEvent.Aggregate => ("order", OrderId.Value);
}

/// <summary>
/// An order moved through its transition table (one event per transition): e.g. to <see cref="OrderStatus.Paid"/> when
/// a verified payment arrived, to <see cref="OrderStatus.Cancelled"/> when it will not be paid (its open trades are
/// closed), to <see cref="OrderStatus.Refunded"/> when an operator approved its refund (its money goes back).
/// <see cref="SellerId"/> is the seller of the listing a marketplace order buys (who ships it); null for shop orders.
/// </summary>
public sealed record OrderStatusChanged(OrderId OrderId, string Number, UserId CustomerId, OrderStatus From, OrderStatus To, Actor Actor, string? Reason,
    UserId? SellerId = null) : IAggregateEvent
{
    public static string EventType => "order.status-changed.v1";

    (string Kind, long Id) IAggregateEvent.Aggregate => ("order", OrderId.Value);
}
