using System.Globalization;
using System.Text.Json;
using Circula.Inventory.Contracts;
using Circula.Ordering.Contracts;
using Circula.Payments.Contracts;
using Circula.Shared.Outbox;

namespace Circula.Notifications.Templates;

/// <summary>
/// The events this module delivers and their Chinese templates, one per event type (and status where the type covers
/// several). A new event type is one line in <see cref="Types"/>, one case in <see cref="Render(IIntegrationEvent)"/>, and a fan-out
/// registration in <c>NotificationsModule</c>.
/// </summary>
public static class NotificationTemplates
{
    public static readonly IReadOnlyDictionary<string, Type> Types = new[]
    {
        typeof(OrderPlaced), typeof(OrderStatusChanged), typeof(PaymentStatusChanged), typeof(RefundStatusChanged), typeof(LowStock),
        typeof(PaymentMoneyUnapplied), typeof(PaymentSucceededAfterCancel), typeof(OrderRefundedWithoutPayment),
        typeof(PaymentBillDiscrepanciesFound), typeof(PaymentBillReconciliationFailed),
    }.ToDictionary(EventTypes.NameOf, StringComparer.Ordinal);

    /// <summary>The message for an event as stored in the outbox (type name and JSON payload).</summary>
    public static NotificationMessage Render(string type, string payload) =>
        Render((IIntegrationEvent)(JsonSerializer.Deserialize(payload, Types[type], Outbox.JsonOptions)
            ?? throw new InvalidOperationException($"Empty {type} payload.")));

    public static NotificationMessage Render(IIntegrationEvent @event) => @event switch
    {
        OrderPlaced e => NotificationMessage.Create("新订单", ("订单号", e.Number), ("金额", Yuan(e.TotalFen)),
            ("件数", e.Lines.Sum(l => l.Quantity).ToString(CultureInfo.InvariantCulture)), ("付款截止", ChinaTime(e.PaymentDeadline))),
        OrderStatusChanged e => NotificationMessage.Create(OrderTitle(e.To), ("订单号", e.Number), ("状态", $"{Order(e.From)} → {Order(e.To)}"), ("原因", e.Reason)),
        PaymentStatusChanged e => NotificationMessage.Create(PaymentTitle(e.To), ("订单", e.OrderId.ToString()), ("金额", Yuan(e.AmountFen)),
            ("渠道", e.Provider), ("商户单号", e.OutTradeNo), ("原因", e.Reason)),
        RefundStatusChanged e => NotificationMessage.Create(RefundTitle(e.To), ("订单", e.OrderId.ToString()), ("金额", Yuan(e.AmountFen)),
            ("渠道", e.Provider), ("退款单号", e.OutRefundNo), ("说明", e.Detail)),
        LowStock e => NotificationMessage.Create("库存不足提醒", ("SKU", e.SkuId.ToString()), ("可用库存", Count(e.Available)), ("提醒阈值", Count(e.Threshold))),
        PaymentMoneyUnapplied e => NotificationMessage.Create("【异常】款项未入账，需人工处理", ("订单", e.OrderId.ToString()), ("金额", Yuan(e.AmountFen)),
            ("渠道", e.Provider), ("交易号", e.TransactionId), ("说明", e.Detail)),
        PaymentSucceededAfterCancel e => NotificationMessage.Create("【异常】订单取消后到账，已自动退款", ("订单", e.OrderId.ToString()), ("金额", Yuan(e.AmountFen)),
            ("交易号", e.TransactionId)),
        OrderRefundedWithoutPayment e => NotificationMessage.Create("【异常】订单已退款但没有对应的支付", ("订单号", e.Number), ("说明", e.Detail)),
        PaymentBillDiscrepanciesFound e => NotificationMessage.Create("【异常】对账发现差异", ("渠道", e.Provider), ("账单日", e.BillDate),
            ("差异笔数", e.DiscrepancyCount.ToString(CultureInfo.InvariantCulture))),
        PaymentBillReconciliationFailed e => NotificationMessage.Create("【异常】对账失败", ("渠道", e.Provider), ("账单日", e.BillDate),
            ("尝试次数", Count(e.Attempts)), ("错误", e.LastError)),
        _ => throw new ArgumentException($"No template for {@event.GetType().Name}.", nameof(@event)),
    };

    /// <summary>A message that shows a robot is set up, sent by "send a test message".</summary>
    public static NotificationMessage Test(string robotName) => NotificationMessage.Create("Circula 测试消息", ("机器人", robotName), ("说明", "收到这条消息说明机器人配置正确。"));

    /// <summary>Fen as yuan with two decimals, by integer arithmetic.</summary>
    public static string Yuan(long fen) =>
        $"{(fen < 0 ? "-" : "")}¥{Math.Abs(fen) / 100}.{Math.Abs(fen) % 100:00}";

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string ChinaTime(DateTime utc) => utc.AddHours(8).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (北京时间)";

    private static string OrderTitle(OrderStatus to) => to switch
    {
        OrderStatus.Paid => "订单已支付",
        OrderStatus.Shipped => "订单已发货",
        OrderStatus.Completed => "订单已完成",
        OrderStatus.Cancelled => "订单已取消",
        OrderStatus.RefundRequested => "客户申请退款",
        OrderStatus.Refunded => "订单已退款",
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
