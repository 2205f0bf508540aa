using Circula.Ordering.Contracts;
using Circula.Payments.Contracts;
using Circula.Shared.StateMachines;

namespace Circula.Payments;

/// <summary>What happens to a payment; each trigger is allowed from exactly the statuses the table lists.</summary>
public enum PaymentTrigger
{
    PrepayAccepted,
    PrepayFailed,
    Succeed,
    Close,
}

/// <summary>
/// The one transition table of a payment; anything else is 409 invalid_transition. Only the system moves a payment, on a
/// provider's answer. Each transition writes a <see cref="PaymentHistoryEntry"/> and raises one <see cref="PaymentStatusChanged"/>.
/// </summary>
public static class PaymentStateMachine
{
    private static readonly Actor[] System = [Actor.System];

    public static readonly StateMachine<Payment, PaymentStatus, PaymentTrigger, NoEffects> Machine = new("payment",
        [
            new(PaymentStatus.Created, PaymentTrigger.PrepayAccepted, PaymentStatus.Pending, System, NoEffects.None),
            new(PaymentStatus.Created, PaymentTrigger.PrepayFailed, PaymentStatus.Failed, System, NoEffects.None),
            // The money can arrive before the prepay answer is stored (a crash in between): the callback decides.
            new(PaymentStatus.Created, PaymentTrigger.Succeed, PaymentStatus.Succeeded, System, NoEffects.None),
            new(PaymentStatus.Pending, PaymentTrigger.Succeed, PaymentStatus.Succeeded, System, NoEffects.None),
            new(PaymentStatus.Created, PaymentTrigger.Close, PaymentStatus.Closed, System, NoEffects.None),
            new(PaymentStatus.Pending, PaymentTrigger.Close, PaymentStatus.Closed, System, NoEffects.None),
        ],
        (payment, change) => new PaymentHistoryEntry
        {
            PaymentId = payment.Id, FromStatus = change.From, ToStatus = change.To, Actor = change.By.Actor, Reason = change.Reason, CreatedAt = change.At,
        },
        (payment, change) => new PaymentStatusChanged(PaymentId.From(payment.Id), OrderId.From(payment.OrderId), payment.Provider, payment.Channel,
            payment.OutTradeNo, payment.AmountFen, change.From, change.To, payment.ProviderTransactionId, change.Reason));
}
