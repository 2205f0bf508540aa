using System.Globalization;
using Circula.Ordering.Contracts;
using Circula.Shared;

namespace Circula.Ordering;

public sealed record OrderLineView(string SkuId, long ProductId, string ProductName, string SkuCode, IReadOnlyDictionary<string, string> Specs,
    long UnitPriceFen, int Quantity, long LineTotalFen);

public sealed record OrderHistoryView(OrderStatus? From, OrderStatus To, OrderActor Actor, string? Reason, DateTime At);

/// <summary>An order as its customer or an operator sees it. Ids are strings: Snowflake ids exceed 2^53.</summary>
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
    IReadOnlyList<OrderHistoryView> History)
{
    public static OrderView From(Order o, DeliveryAddress address, OrderActor viewer) => new(
        IdText(o.Id), o.Number, o.Status, o.TotalFen,
        o.Lines.OrderBy(l => l.Id).Select(l => new OrderLineView(IdText(l.SkuId), l.ProductId, l.ProductName, l.SkuCode, l.Specs,
            l.UnitPriceFen, l.Quantity, l.LineTotalFen)).ToList(),
        address, o.Remark, o.PaymentDeadline, o.PaidAt, o.ShippedAt, o.Carrier, o.TrackingNumber, o.CompletedAt, o.CancelledAt, o.CancelReason,
        o.RefundRequestedAt, o.RefundReason, o.RefundedAt, o.CreatedAt,
        OrderStateMachine.AllowedFor(o.Status, viewer),
        o.History.OrderBy(h => h.Id).Select(h => new OrderHistoryView(h.FromStatus, h.ToStatus, h.Actor, h.Reason, h.CreatedAt)).ToList());

    public static string IdText(long id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>An order in a list: no address detail, no history.</summary>
public sealed record OrderSummary(string Id, string Number, OrderStatus Status, long TotalFen, int ItemCount, string FirstProductName,
    string Region, DateTime CreatedAt, DateTime PaymentDeadline)
{
    public static OrderSummary From(Order o) => new(OrderView.IdText(o.Id), o.Number, o.Status, o.TotalFen, o.Lines.Sum(l => l.Quantity),
        o.Lines.OrderBy(l => l.Id).Select(l => l.ProductName).FirstOrDefault() ?? "", o.Region, o.CreatedAt, o.PaymentDeadline);
}

internal static class OrderExamples
{
    public static readonly DeliveryAddress Address = new("张三", "13800138000", "上海市", "上海市", "浦东新区", "世纪大道100号 1201室");

    public static readonly OrderView Order = new("7410736210219008", "ORD202611217410736210219008", OrderStatus.PendingPayment, 3980,
        [new OrderLineView("12", 5, "环保帆布袋", "BAG-GRN-L", new Dictionary<string, string> { ["color"] = "green", ["size"] = "L" }, 1990, 2, 3980)],
        Address, "请放门口", new DateTime(2026, 11, 21, 8, 30, 0, DateTimeKind.Utc), null, null, null, null, null, null, null, null, null, null,
        new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc), [OrderTrigger.Cancel],
        [new OrderHistoryView(null, OrderStatus.PendingPayment, OrderActor.Customer, "placed", new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc))]);

    public static readonly PagedList<OrderSummary> Page = new(
        [new OrderSummary("7410736210219008", "ORD202611217410736210219008", OrderStatus.PendingPayment, 3980, 2, "环保帆布袋", "上海市 上海市 浦东新区",
            new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 21, 8, 30, 0, DateTimeKind.Utc))], 1, 20, 1);
}
