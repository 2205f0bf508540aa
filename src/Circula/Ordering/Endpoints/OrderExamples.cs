using Circula.Ordering.Contracts;
using Circula.Shared;

namespace Circula.Ordering.Endpoints;

/// <summary>The request and response examples of the OpenAPI document.</summary>
internal static class OrderExamples
{
    public static readonly DeliveryAddress Address = new("张三", "13800138000", "上海市", "上海市", "浦东新区", "世纪大道100号 1201室");

    public static readonly OrderView Order = new("7410736210219008", "ORD202611217410736210219008", OrderStatus.PendingPayment, 3980,
        [new OrderLineView("12", 5, "环保帆布袋", "BAG-GRN-L", new Dictionary<string, string> { ["color"] = "green", ["size"] = "L" }, 1990, 2, 3980, null)],
        Address, "请放门口", new DateTime(2026, 11, 21, 8, 30, 0, DateTimeKind.Utc), null, null, null, null, null, null, null, null, null, null,
        new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc), [OrderTrigger.Cancel],
        [new OrderHistoryView(null, OrderStatus.PendingPayment, OrderActor.Customer, "placed", new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc))], null);

    /// <summary>A marketplace order: one line, the listing (no SKU), and the listing's seller.</summary>
    public static readonly OrderView ListingOrder = Order with
    {
        Id = "7410736210219777", Number = "ORD202611217410736210219777", TotalFen = 259900, Remark = "周末前发货可以吗", SellerId = "12",
        Lines = [new OrderLineView(null, null, "九成新 iPhone 13 128G", null, new Dictionary<string, string>(), 259900, 1, 259900, "1088")],
    };

    public static readonly PagedList<OrderSummary> SalesPage = new(
        [new OrderSummary(ListingOrder.Id, ListingOrder.Number, OrderStatus.Paid, 259900, 1, "九成新 iPhone 13 128G", "上海市 上海市 浦东新区",
            new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 21, 8, 30, 0, DateTimeKind.Utc), "12")], 1, 20, 1);

    public static readonly PagedList<OrderSummary> Page = new(
        [new OrderSummary("7410736210219008", "ORD202611217410736210219008", OrderStatus.PendingPayment, 3980, 2, "环保帆布袋", "上海市 上海市 浦东新区",
            new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 21, 8, 30, 0, DateTimeKind.Utc), null)], 1, 20, 1);

    public static readonly OrderStatisticsReport Statistics = new(new OrderDay("2026-11-21", 12, 9, 35820),
        [new OrderStatusCount(OrderStatus.PendingPayment, 3), new OrderStatusCount(OrderStatus.Paid, 5), new OrderStatusCount(OrderStatus.Shipped, 4),
            new OrderStatusCount(OrderStatus.Completed, 120), new OrderStatusCount(OrderStatus.Cancelled, 7), new OrderStatusCount(OrderStatus.RefundRequested, 1),
            new OrderStatusCount(OrderStatus.Refunded, 2)],
        [new OrderDay("2026-11-20", 15, 11, 41200), new OrderDay("2026-11-21", 12, 9, 35820)]);
}
