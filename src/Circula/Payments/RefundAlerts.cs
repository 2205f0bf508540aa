using Circula.Ordering.Contracts;
using Circula.Payments.Contracts;
using Circula.Shared.Outbox;

namespace Circula.Payments;

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

        var (refundId, paymentId, orderId) = (RefundId.From(refund.Id), PaymentId.From(payment.Id), OrderId.From(payment.OrderId));
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
}
