using Circula.Ordering.Contracts;
using Circula.Shared.Outbox;

namespace Circula.Payments.Contracts;

/// <summary>Operator alert: money that arrived after the order was cancelled went back to the payer.</summary>
public sealed record PaymentRefundedAfterCancel(RefundId RefundId, PaymentId PaymentId, OrderId OrderId, string Provider, string OutTradeNo, string OutRefundNo, long AmountFen)
    : IIntegrationEvent
{
    public static string EventType => "payment.refunded-after-cancel.v1";
}

/// <summary>Operator alert: the money of an order an operator refunded went back to the payer.</summary>
public sealed record PaymentOrderRefunded(RefundId RefundId, PaymentId PaymentId, OrderId OrderId, string Provider, string OutTradeNo, string OutRefundNo, long AmountFen)
    : IIntegrationEvent
{
    public static string EventType => "payment.order-refunded.v1";
}

/// <summary>
/// Operator alert: a refund failed at the provider (refused, ABNORMAL or CLOSED); the money has to be returned by hand.
/// <see cref="Reason"/> is the refund's reason (<c>paid_after_cancel</c> or <c>order_refunded</c>).
/// </summary>
public sealed record PaymentRefundFailed(RefundId RefundId, PaymentId PaymentId, OrderId OrderId, string Provider, string OutTradeNo, string OutRefundNo, long AmountFen,
    string Detail, string Reason)
    : IIntegrationEvent
{
    public static string EventType => "payment.refund-failed.v1";
}
