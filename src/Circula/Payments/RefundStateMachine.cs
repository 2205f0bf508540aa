using Circula.Ordering.Contracts;
using Circula.Payments.Contracts;
using Circula.Shared.StateMachines;

namespace Circula.Payments;

/// <summary>What happens to a refund at its provider.</summary>
public enum RefundTrigger
{
    /// <summary>The provider took the refund and will finish it later (WeChat Pay PROCESSING).</summary>
    Accept,

    /// <summary>The money is back with the payer.</summary>
    Succeed,

    /// <summary>The provider refused it or gave up.</summary>
    Fail,
}

/// <summary>
/// The one transition table of a refund: Requested → Processing → Succeeded | Failed, or straight from Requested when the
/// provider finishes it at once (Alipay answers synchronously; a WeChat Pay notification can overtake our call's answer).
/// Anything else is 409 invalid_transition. Each transition writes a <see cref="RefundHistoryEntry"/> and raises one
/// <see cref="RefundStatusChanged"/>, which is also the operator's alert for a failed refund.
/// </summary>
public static class RefundStateMachine
{
    private static readonly Actor[] System = [Actor.System];

    public static readonly StateMachine<Refund, RefundStatus, RefundTrigger, NoEffects> Machine = new("refund",
        [
            new(RefundStatus.Requested, RefundTrigger.Accept, RefundStatus.Processing, System, NoEffects.None),
            new(RefundStatus.Requested, RefundTrigger.Succeed, RefundStatus.Succeeded, System, NoEffects.None),
            new(RefundStatus.Requested, RefundTrigger.Fail, RefundStatus.Failed, System, NoEffects.None),
            new(RefundStatus.Processing, RefundTrigger.Succeed, RefundStatus.Succeeded, System, NoEffects.None),
            new(RefundStatus.Processing, RefundTrigger.Fail, RefundStatus.Failed, System, NoEffects.None),
        ],
        (refund, change) => new RefundHistoryEntry
        {
            RefundId = refund.Id, FromStatus = change.From, ToStatus = change.To, Actor = change.By.Actor, Reason = change.Reason, CreatedAt = change.At,
        },
        (refund, change) => new RefundStatusChanged(RefundId.From(refund.Id), PaymentId.From(refund.PaymentId), OrderId.From(refund.OrderId), refund.Provider,
            refund.OutTradeNo, refund.OutRefundNo, refund.AmountFen, refund.Reason, change.From, change.To, change.Reason));
}
