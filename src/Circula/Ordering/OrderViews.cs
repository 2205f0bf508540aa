using System.Globalization;
using Circula.Ordering.Contracts;

namespace Circula.Ordering;

/// <summary>A line: a SKU of the shop, or (SKU, product and code null) the marketplace listing <see cref="ListingId"/>, named by its title.</summary>
public sealed record OrderLineView(string? SkuId, long? ProductId, string ProductName, string? SkuCode, IReadOnlyDictionary<string, string> Specs,
    long UnitPriceFen, int Quantity, long LineTotalFen, string? ListingId);

public sealed record OrderHistoryView(OrderStatus? From, OrderStatus To, OrderActor Actor, string? Reason, DateTime At);

/// <summary>
/// An order as its customer, an operator or (a marketplace order) its seller sees it. Ids are strings: Snowflake ids exceed 2^53.
/// <see cref="SellerId"/> is the seller of the listing a marketplace order buys; null for shop orders.
/// </summary>
public sealed record OrderView(
    string Id,
    string Number,
    OrderStatus Status,
    long TotalFen,
    IReadOnlyList<OrderLineView> Lines,
    DeliveryAddress Address,
    string? Remark,
    DateTime PaymentDeadline,
    DateTime? PaidAt,
    DateTime? ShippedAt,
    string? Carrier,
    string? TrackingNumber,
    DateTime? CompletedAt,
    DateTime? CancelledAt,
    string? CancelReason,
    DateTime? RefundRequestedAt,
    string? RefundReason,
    DateTime? RefundedAt,
    DateTime CreatedAt,
    IReadOnlyList<OrderTrigger> AllowedActions,
    IReadOnlyList<OrderHistoryView> History,
    string? SellerId)
{
    public static OrderView From(Order o, DeliveryAddress address, OrderActor viewer) => new(
        IdText(o.Id), o.Number, o.Status, o.TotalFen,
        o.Lines.OrderBy(l => l.Id).Select(l => new OrderLineView(IdText(l.SkuId), l.ProductId, l.ProductName, l.SkuCode, l.Specs,
            l.UnitPriceFen, l.Quantity, l.LineTotalFen, IdText(l.ListingId))).ToList(),
        address, o.Remark, o.PaymentDeadline, o.PaidAt, o.ShippedAt, o.Carrier, o.TrackingNumber, o.CompletedAt, o.CancelledAt, o.CancelReason,
        o.RefundRequestedAt, o.RefundReason, o.RefundedAt, o.CreatedAt,
        OrderStateMachine.AllowedFor(o.Status, viewer),
        o.History.OrderBy(h => h.Id).Select(h => new OrderHistoryView(h.FromStatus, h.ToStatus, h.Actor, h.Reason, h.CreatedAt)).ToList(),
        IdText(o.SellerId));

    public static string IdText(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static string? IdText(long? id) => id is { } value ? IdText(value) : null;
}

/// <summary>An order in a list: no address detail, no history; <see cref="SellerId"/> as in <see cref="OrderView"/>.</summary>
public sealed record OrderSummary(string Id, string Number, OrderStatus Status, long TotalFen, int ItemCount, string FirstProductName,
    string Region, DateTime CreatedAt, DateTime PaymentDeadline, string? SellerId)
{
    public static OrderSummary From(Order o) => new(OrderView.IdText(o.Id), o.Number, o.Status, o.TotalFen, o.Lines.Sum(l => l.Quantity),
        o.Lines.OrderBy(l => l.Id).Select(l => l.ProductName).FirstOrDefault() ?? "", o.Region, o.CreatedAt, o.PaymentDeadline,
        OrderView.IdText(o.SellerId));
}
