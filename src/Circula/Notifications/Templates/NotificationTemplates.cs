using System.Globalization;
using Circula.Catalog.Contracts;
using Circula.Identity.Contracts;
using Circula.Inventory.Contracts;
using Circula.Notifications.Contracts;
using Circula.Ordering.Contracts;
using Circula.Payments.Contracts;
using Circula.Shared.StateMachines;

namespace Circula.Notifications.Templates;

/// <summary>
/// The events this module delivers and their default Chinese templates (operators may replace any of them, see
/// <see cref="TemplateRenderer"/>). A new event type is one <see cref="EventTemplate.For{TEvent}"/> entry here and a
/// fan-out registration in <c>NotificationsModule</c>.
/// </summary>
public static class NotificationTemplates
{
    public static readonly IReadOnlyDictionary<string, EventTemplate> All = new[]
    {
        EventTemplate.For(
            new OrderPlaced(new OrderId(7212345678800000001), "C20260501000123", new UserId(42), 12345, new DateTime(2026, 5, 1, 2, 30, 0, DateTimeKind.Utc),
                [new OrderPlacedLine(SkuId.From(101), 2, 5000), new OrderPlacedLine(SkuId.From(102), 1, 2345)]),
            Text("新订单", ("订单号", "{number}"), ("金额", "{amount}"), ("件数", "{items}"), ("付款截止", "{deadline}")),
            ("number", "订单号", e => e.Number), ("amount", "订单金额（元）", e => Yuan(e.TotalFen)),
            ("items", "商品件数", e => Count(e.Lines.Sum(l => l.Quantity))), ("deadline", "付款截止时间（北京时间）", e => ChinaTime(e.PaymentDeadline))),
        EventTemplate.For(
            new OrderStatusChanged(new OrderId(7212345678800000001), "C20260501000123", new UserId(42), OrderStatus.Paid, OrderStatus.Cancelled, Actor.Customer, "不想要了"),
            Text("{headline}", ("订单号", "{number}"), ("状态", "{from} → {to}"), ("原因", "{reason}")),
            ("headline", "按新状态的标题，如 订单已支付", e => OrderTitle(e.From, e.To)), ("number", "订单号", e => e.Number),
            ("from", "原状态", e => Order(e.From)), ("to", "新状态", e => Order(e.To)), ("reason", "原因（可能为空）", e => e.Reason)),
        EventTemplate.For(
            new PaymentStatusChanged(new PaymentId(7212345678800000002), new OrderId(7212345678800000001), "wechatpay", "jsapi", "P20260501000123", 12345,
                PaymentStatus.Pending, PaymentStatus.Succeeded, "4200001234202605011234567890", null),
            Text("{headline}", ("订单", "{orderId}"), ("金额", "{amount}"), ("渠道", "{provider}"), ("商户单号", "{outTradeNo}"), ("原因", "{reason}")),
            ("headline", "按新状态的标题，如 收到付款", e => PaymentTitle(e.To)), ("orderId", "订单 id", e => Id(e.OrderId.Value)),
            ("amount", "金额（元）", e => Yuan(e.AmountFen)), ("provider", "支付渠道", e => e.Provider), ("outTradeNo", "商户单号", e => e.OutTradeNo),
            ("transactionId", "渠道交易号", e => e.TransactionId), ("reason", "原因（可能为空）", e => e.Reason)),
        EventTemplate.For(
            new RefundStatusChanged(new RefundId(7212345678800000003), new PaymentId(7212345678800000002), new OrderId(7212345678800000001), "alipay",
                "P20260501000123", "R20260501000123", 12345, "order_refunded", RefundStatus.Processing, RefundStatus.Succeeded, null),
            Text("{headline}", ("订单", "{orderId}"), ("金额", "{amount}"), ("渠道", "{provider}"), ("退款单号", "{outRefundNo}"), ("说明", "{detail}")),
            ("headline", "按新状态的标题，如 退款已到账", e => RefundTitle(e.To)), ("orderId", "订单 id", e => Id(e.OrderId.Value)),
            ("amount", "退款金额（元）", e => Yuan(e.AmountFen)), ("provider", "支付渠道", e => e.Provider), ("outRefundNo", "退款单号", e => e.OutRefundNo),
            ("detail", "说明（可能为空）", e => e.Detail)),
        EventTemplate.For(
            new LowStock(SkuId.From(101), 2, 5),
            Text("库存不足提醒", ("SKU", "{skuId}"), ("可用库存", "{available}"), ("提醒阈值", "{threshold}")),
            ("skuId", "SKU id", e => Id(e.SkuId.Value)), ("available", "可用库存", e => Count(e.Available)), ("threshold", "提醒阈值", e => Count(e.Threshold))),
        EventTemplate.For(
            new PaymentMoneyUnapplied(new PaymentId(7212345678800000002), new OrderId(7212345678800000001), "wechatpay", "P20260501000123",
                "4200001234202605011234567890", 12345, "duplicate", "订单已由另一笔支付付清"),
            Text("【异常】款项未入账，需人工处理", ("订单", "{orderId}"), ("金额", "{amount}"), ("渠道", "{provider}"), ("交易号", "{transactionId}"), ("说明", "{detail}")),
            ("orderId", "订单 id", e => Id(e.OrderId.Value)), ("amount", "金额（元）", e => Yuan(e.AmountFen)), ("provider", "支付渠道", e => e.Provider),
            ("transactionId", "渠道交易号", e => e.TransactionId), ("detail", "说明", e => e.Detail)),
        EventTemplate.For(
            new PaymentSucceededAfterCancel(new PaymentId(7212345678800000002), new OrderId(7212345678800000001), "P20260501000123",
                "4200001234202605011234567890", 12345, OrderStatus.Cancelled),
            Text("【异常】订单取消后到账，已自动退款", ("订单", "{orderId}"), ("金额", "{amount}"), ("交易号", "{transactionId}")),
            ("orderId", "订单 id", e => Id(e.OrderId.Value)), ("amount", "金额（元）", e => Yuan(e.AmountFen)), ("transactionId", "渠道交易号", e => e.TransactionId)),
        EventTemplate.For(
            new OrderRefundedWithoutPayment(new OrderId(7212345678800000001), "C20260501000123", "没有找到成功的支付"),
            Text("【异常】订单已退款但没有对应的支付", ("订单号", "{number}"), ("说明", "{detail}")),
            ("number", "订单号", e => e.Number), ("detail", "说明", e => e.Detail)),
        EventTemplate.For(
            new PaymentBillDiscrepanciesFound(new BillReportId(7212345678800000004), "wechatpay", "2026-04-30", 3, new Dictionary<string, int> { ["missing_here"] = 3 }),
            Text("【异常】对账发现差异", ("渠道", "{provider}"), ("账单日", "{billDate}"), ("差异笔数", "{count}")),
            ("provider", "支付渠道", e => e.Provider), ("billDate", "账单日", e => e.BillDate), ("count", "差异笔数", e => e.DiscrepancyCount.ToString(CultureInfo.InvariantCulture))),
        EventTemplate.For(
            new PaymentBillReconciliationFailed(new BillReportId(7212345678800000004), "alipay", "2026-04-30", 5, "账单尚未生成"),
            Text("【异常】对账失败", ("渠道", "{provider}"), ("账单日", "{billDate}"), ("尝试次数", "{attempts}"), ("错误", "{error}")),
            ("provider", "支付渠道", e => e.Provider), ("billDate", "账单日", e => e.BillDate), ("attempts", "尝试次数", e => Count(e.Attempts)),
            ("error", "最后的错误", e => e.LastError)),
        EventTemplate.For(
            new WebhookDisabled(1, "ERP 同步", 20, "500: boom"),
            Text("【异常】Webhook 已停用", ("名称", "{name}"), ("连续失败", "{failures} 次"), ("最后结果", "{lastResult}")),
            ("name", "Webhook 名称", e => e.Name), ("failures", "连续放弃的投递数", e => Count(e.FailedDeliveries)), ("lastResult", "最后一次的结果", e => e.LastResult)),
    }.ToDictionary(t => t.EventType, StringComparer.Ordinal);

    /// <summary>The event types this module delivers.</summary>
    public static IEnumerable<string> Types => All.Keys;

    /// <summary>A message that shows a robot is set up, sent by "send a test message".</summary>
    public static NotificationMessage Test(string robotName) => NotificationMessage.Create("Circula 测试消息", ("机器人", robotName), ("说明", "收到这条消息说明机器人配置正确。"));

    /// <summary>Fen as yuan with two decimals, by integer arithmetic.</summary>
    public static string Yuan(long fen) =>
        $"{(fen < 0 ? "-" : "")}¥{Math.Abs(fen) / 100}.{Math.Abs(fen) % 100:00}";

    private static TemplateText Text(string title, params (string Label, string Value)[] lines) =>
        new(title, lines.Select(l => new TemplateLine(l.Label, l.Value)).ToList());

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string ChinaTime(DateTime utc) => utc.AddHours(8).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (北京时间)";

    /// <summary>Back to Paid from a refund request is a refusal, not a payment.</summary>
    private static string OrderTitle(OrderStatus from, OrderStatus to) => (from, to) switch
    {
        (OrderStatus.RefundRequested, OrderStatus.Paid) => "退款申请被拒绝",
        (_, OrderStatus.Paid) => "订单已支付",
        (_, OrderStatus.Shipped) => "订单已发货",
        (_, OrderStatus.Completed) => "订单已完成",
        (_, OrderStatus.Cancelled) => "订单已取消",
        (_, OrderStatus.RefundRequested) => "客户申请退款",
        (_, OrderStatus.Refunded) => "订单已退款",
        _ => "订单状态变更",
    };

    private static string Order(OrderStatus status) => status switch
    {
        OrderStatus.PendingPayment => "待付款",
        OrderStatus.Paid => "已付款",
        OrderStatus.Shipped => "已发货",
        OrderStatus.Completed => "已完成",
        OrderStatus.Cancelled => "已取消",
        OrderStatus.RefundRequested => "退款申请中",
        OrderStatus.Refunded => "已退款",
        _ => status.ToString(),
    };

    private static string PaymentTitle(PaymentStatus to) => to switch
    {
        PaymentStatus.Succeeded => "收到付款",
        PaymentStatus.Failed => "支付失败",
        PaymentStatus.Closed => "支付已关闭",
        _ => "支付状态变更",
    };

    private static string RefundTitle(RefundStatus to) => to switch
    {
        RefundStatus.Succeeded => "退款已到账",
        RefundStatus.Failed => "【异常】退款失败，需人工处理",
        RefundStatus.Processing => "退款处理中",
        _ => "退款状态变更",
    };
}
