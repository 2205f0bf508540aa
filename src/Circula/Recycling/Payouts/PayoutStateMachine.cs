using Circula.Identity.Contracts;
using Circula.Recycling.Contracts;
using Circula.Shared.StateMachines;

namespace Circula.Recycling.Payouts;

/// <summary>
/// The one transition table of a payout, moved only by its provider's answers (the system: the outbox handler paying it,
/// cash included, a verified notification, the query job): Requested → Processing → Paid | Refused, or straight from
/// Requested when the provider answers at once (cash is paid when recorded). Processing → Processing is a provider handing
/// the customer a new confirmation. A final payout takes nothing more: the engine refuses, and <see cref="Payout.Take"/>
/// tells a repeat from a contradiction. Each transition writes a <see cref="PayoutHistoryEntry"/> and raises one
/// <see cref="PayoutStatusChanged"/>.
/// </summary>
public static class PayoutStateMachine
{
    private static readonly Actor[] System = [Actor.System];

    public static readonly StateMachine<Payout, PayoutStatus, PayoutTrigger, NoEffects> Machine = new("payout",
        [
            new(PayoutStatus.Requested, PayoutTrigger.Process, PayoutStatus.Processing, System, NoEffects.None),
            new(PayoutStatus.Requested, PayoutTrigger.Pay, PayoutStatus.Paid, System, NoEffects.None),
            new(PayoutStatus.Requested, PayoutTrigger.Refuse, PayoutStatus.Refused, System, NoEffects.None),
            new(PayoutStatus.Processing, PayoutTrigger.Process, PayoutStatus.Processing, System, NoEffects.None),
            new(PayoutStatus.Processing, PayoutTrigger.Pay, PayoutStatus.Paid, System, NoEffects.None),
            new(PayoutStatus.Processing, PayoutTrigger.Refuse, PayoutStatus.Refused, System, NoEffects.None),
        ],
        (payout, change) => PayoutHistoryEntry.Of(payout, change),
        (payout, change) => new PayoutStatusChanged(AppointmentId.From(payout.AppointmentId), UserId.From(payout.UserId), payout.Provider, payout.AmountFen,
            change.From, change.To, change.Trigger, change.Reason));
}
