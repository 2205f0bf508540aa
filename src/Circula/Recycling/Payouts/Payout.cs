using System.Globalization;
using Circula.Recycling.Contracts;
using Circula.Shared.StateMachines;

namespace Circula.Recycling.Payouts;

/// <summary>
/// What a completed appointment owes its customer, one per appointment (the appointment id is the key, so no race can
/// make a second): requested at completion, then paid (or refused) through its provider, moved only by
/// <see cref="PayoutStateMachine"/>.
/// </summary>
public sealed class Payout : IStateMachineSubject<PayoutStatus>
{
    private Payout()
    {
    }

    public long AppointmentId { get; private init; }

    public long UserId { get; private init; }

    public long CollectorUserId { get; private init; }

    public string Provider { get; private init; } = "";

    public long AmountFen { get; private init; }

    public PayoutStatus Status { get; private set; }

    public string? Reference { get; private set; }

    public string? RefusedReason { get; private set; }

    public DateTime CreatedAt { get; private init; }

    public DateTime? PaidAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>What the customer confirms receipt with while the provider waits for them (<see cref="PayoutStatus.Processing"/>).</summary>
    public UserConfirmation? Confirmation { get; private set; }

    /// <summary>When a processing payout is next asked about at its provider (its notification may be lost); replicas claim it by moving this.</summary>
    public DateTime? NextQueryAt { get; private set; }

    public int Version { get; private set; } = 1;

    /// <summary>"PO" + the appointment id: what the provider deduplicates by.</summary>
    public string Number => "PO" + AppointmentId.ToString(CultureInfo.InvariantCulture);

    public bool IsFinal => Status is PayoutStatus.Paid or PayoutStatus.Refused;

    public static Payout Request(long appointmentId, long userId, long collectorUserId, string provider, long amountFen, DateTime now) => new()
    {
        AppointmentId = appointmentId, UserId = userId, CollectorUserId = collectorUserId, Provider = provider, AmountFen = amountFen,
        Status = PayoutStatus.Requested, CreatedAt = now, UpdatedAt = now,
    };

    /// <summary>The appointment id in a payout number, or null when <paramref name="number"/> is not one.</summary>
    public static long? AppointmentOf(string number) =>
        number.StartsWith("PO", StringComparison.Ordinal) && long.TryParse(number.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public PayoutOrder Order => new(Number, AppointmentId, UserId, CollectorUserId, AmountFen);

    /// <summary>
    /// Takes the provider's answer (from paying, a notification or a query): <paramref name="move"/> pulls the answer's
    /// trigger through <see cref="PayoutStateMachine"/> (false when the table refuses it), then the answer's details are
    /// kept. A processing payout is asked about again at <paramref name="nextQueryAt"/>. The table takes nothing once the
    /// payout is final: the same final answer again is a repeat, a late "processing" is stale (both change nothing), the
    /// other final answer a contradiction. "Processing" again without a new confirmation is a repeat too.
    /// </summary>
    public PayoutChange Take(PayoutAnswer answer, Func<PayoutTrigger, string?, bool> move, DateTime nextQueryAt)
    {
        if (answer is PayoutAnswer.Processing { Confirmation: var confirmation } && Status == PayoutStatus.Processing &&
            (confirmation is null || confirmation == Confirmation))
        {
            return PayoutChange.None;
        }

        var (trigger, reason) = answer switch
        {
            PayoutAnswer.Paid => (PayoutTrigger.Pay, (string?)null),
            PayoutAnswer.Processing => (PayoutTrigger.Process, null),
            PayoutAnswer.Refused refused => (PayoutTrigger.Refuse, refused.Reason),
            _ => throw new ArgumentOutOfRangeException(nameof(answer), answer, "Unknown payout answer."),
        };
        if (!move(trigger, reason))
        {
            var repeat = answer is PayoutAnswer.Processing || (answer is PayoutAnswer.Paid) == (Status == PayoutStatus.Paid);
            return repeat ? PayoutChange.None : PayoutChange.Contradicted;
        }

        switch (answer)
        {
            case PayoutAnswer.Paid paid:
                Reference = paid.Reference;
                return PayoutChange.Paid;
            case PayoutAnswer.Processing processing:
                (Reference, Confirmation, NextQueryAt) = (processing.Reference ?? Reference, processing.Confirmation, nextQueryAt);
                return PayoutChange.Processing;
            default:
                return PayoutChange.Refused;
        }
    }

    void IStateMachineSubject<PayoutStatus>.Enter(PayoutStatus status, string? reason, DateTime at)
    {
        (Status, UpdatedAt) = (status, at);
        Version++;
        switch (status)
        {
            case PayoutStatus.Paid: (PaidAt, Confirmation, NextQueryAt) = (at, null, null); break;
            case PayoutStatus.Refused: (RefusedReason, Confirmation, NextQueryAt) = (reason, null, null); break;
        }
    }
}

/// <summary>What an answer did to a payout.</summary>
public enum PayoutChange
{
    /// <summary>Nothing: a repeat, or stale.</summary>
    None,
    Processing,
    Paid,
    Refused,

    /// <summary>The payout is final and the answer says otherwise (paid, then failed): not applied, an anomaly to look into.</summary>
    Contradicted,
}

/// <summary>
/// One movement of a user's recycling balance in fen: credited with an appointment's final price at completion, debited
/// when it is paid out. The balance is the sum; (appointment, reason) is unique, so no retry books a movement twice.
/// </summary>
public sealed class LedgerEntry
{
    public const string Proceeds = "recycling_proceeds";
    public const string PaidOut = "payout";

    private LedgerEntry()
    {
    }

    public long Id { get; private init; }

    public long UserId { get; private init; }

    public long AppointmentId { get; private init; }

    public string Reason { get; private init; } = "";

    public long AmountFen { get; private init; }

    public DateTime CreatedAt { get; private init; }

    public static LedgerEntry Credit(Payout payout, DateTime now) => new()
    {
        UserId = payout.UserId, AppointmentId = payout.AppointmentId, Reason = Proceeds, AmountFen = payout.AmountFen, CreatedAt = now,
    };

    public static LedgerEntry Debit(Payout payout, DateTime now) => new()
    {
        UserId = payout.UserId, AppointmentId = payout.AppointmentId, Reason = PaidOut, AmountFen = -payout.AmountFen, CreatedAt = now,
    };
}
