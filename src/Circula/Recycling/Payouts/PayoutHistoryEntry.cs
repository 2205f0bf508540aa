using Circula.Recycling.Contracts;
using Circula.Shared.StateMachines;

namespace Circula.Recycling.Payouts;

/// <summary>One status change of a payout: from, to, by which trigger, who and why. Written once, never changed.</summary>
public sealed class PayoutHistoryEntry
{
    private PayoutHistoryEntry()
    {
    }

    public long Id { get; private init; }

    public long AppointmentId { get; private init; }

    public PayoutStatus FromStatus { get; private init; }

    public PayoutStatus ToStatus { get; private init; }

    public PayoutTrigger Trigger { get; private init; }

    public Actor Actor { get; private init; }

    public string? Reason { get; private init; }

    public DateTime CreatedAt { get; private init; }

    public static PayoutHistoryEntry Of(Payout payout, StatusChange<PayoutStatus, PayoutTrigger, NoEffects> change) => new()
    {
        AppointmentId = payout.AppointmentId, FromStatus = change.From, ToStatus = change.To, Trigger = change.Trigger, Actor = change.By.Actor,
        Reason = change.Reason, CreatedAt = change.At,
    };
}
