using System.Globalization;
using Circula.Shared.Outbox;

namespace Circula.Payments;

/// <summary>Operator alert: money that arrived after the order was cancelled went back to the payer.</summary>
public sealed record PaymentRefundedAfterCancel(string RefundId, string PaymentId, string OrderId, string Provider, string OutTradeNo, string OutRefundNo, long AmountFen)
    : IIntegrationEvent
{
    public static string EventType => "payment.refunded-after-cancel";
}

/// <summary>Operator alert: the money of an order an operator refunded went back to the payer.</summary>
public sealed record PaymentOrderRefunded(string RefundId, string PaymentId, string OrderId, string Provider, string OutTradeNo, string OutRefundNo, long AmountFen)
    : IIntegrationEvent
{
    public static string EventType => "payment.order-refunded";
}

/// <summary>
/// Operator alert: a refund failed at the provider (refused, ABNORMAL or CLOSED); the money has to be returned by hand.
/// <see cref="Reason"/> is the refund's reason (<c>paid_after_cancel</c> or <c>order_refunded</c>).
/// </summary>
public sealed record PaymentRefundFailed(string RefundId, string PaymentId, string OrderId, string Provider, string OutTradeNo, string OutRefundNo, long AmountFen,
    string Detail, string Reason)
    : IIntegrationEvent
{
    public static string EventType => "payment.refund-failed";
}

/// <summary>Operator alert: an order was refunded but no succeeded payment of it exists here, so nothing went back (look at it by hand).</summary>
public sealed record OrderRefundedWithoutPayment(string OrderId, string Number, string Detail) : IIntegrationEvent
{
    public static string EventType => "payment.order-refunded-without-payment";
}

/// <summary>Finishing a refund: the transition and, in the same unit of work, the operator alert for its reason.</summary>
public static class RefundFinish
{
    /// <summary>Succeeds or fails the refund (through Processing when still Requested) and stages the alert; false when it had already finished.</summary>
    public static bool Apply(Outbox outbox, Payment payment, Refund refund, bool succeeded, string detail, DateTime now)
    {
        if (!RefundStateMachine.Finish(refund, succeeded ? RefundTrigger.Succeed : RefundTrigger.Fail, now))
        {
            return false;
        }

        var (refundId, paymentId, orderId) = (Id(refund.Id), Id(payment.Id), Id(payment.OrderId));
        if (!succeeded)
        {
            outbox.Add(new PaymentRefundFailed(refundId, paymentId, orderId, payment.Provider, payment.OutTradeNo, refund.OutRefundNo, refund.AmountFen, detail,
                refund.Reason));
        }
        else if (refund.Reason == Refund.PaidAfterCancel)
        {
            outbox.Add(new PaymentRefundedAfterCancel(refundId, paymentId, orderId, payment.Provider, payment.OutTradeNo, refund.OutRefundNo, refund.AmountFen));
        }
        else
        {
            outbox.Add(new PaymentOrderRefunded(refundId, paymentId, orderId, payment.Provider, payment.OutTradeNo, refund.OutRefundNo, refund.AmountFen));
        }

        return true;
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
