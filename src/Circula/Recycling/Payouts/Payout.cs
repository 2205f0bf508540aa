using System.Globalization;

namespace Circula.Recycling.Payouts;

public enum PayoutStatus
{
    Requested,
    Processing,
    Paid,
    Refused,
}

/// <summary>
/// What a completed appointment owes its customer, one per appointment (the appointment id is the key, so no race can
/// make a second): requested at completion, then paid (or refused) through its provider.
/// </summary>
public sealed class Payout
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
    /// Takes the provider's answer (from paying, a notification or a query), in the only order money allows: requested →
    /// processing → paid or refused. A final payout takes nothing more: the same final answer again is a repeat, another
    /// one a contradiction, and a late "processing" is stale. A processing payout is next asked about after <paramref name="queryAfter"/>.
    /// </summary>
    public PayoutChange Apply(PayoutAnswer answer, DateTime now, TimeSpan queryAfter)
    {
        if (IsFinal)
        {
            var repeat = answer is PayoutAnswer.Processing || (answer is PayoutAnswer.Paid) == (Status == PayoutStatus.Paid);
            return repeat ? PayoutChange.None : PayoutChange.Contradicted;
        }

        if (answer is PayoutAnswer.Processing { Confirmation: var confirmation } && Status == PayoutStatus.Processing &&
            (confirmation is null || confirmation == Confirmation))
        {
            return PayoutChange.None;
        }

        Version++;
        UpdatedAt = now;
        switch (answer)
        {
            case PayoutAnswer.Paid paid:
                (Status, Reference, PaidAt, Confirmation, NextQueryAt) = (PayoutStatus.Paid, paid.Reference, now, null, null);
                return PayoutChange.Paid;
            case PayoutAnswer.Processing processing:
                (Status, Reference, Confirmation, NextQueryAt) = (PayoutStatus.Processing, processing.Reference ?? Reference, processing.Confirmation, now + queryAfter);
                return PayoutChange.Processing;
            case PayoutAnswer.Refused refused:
                (Status, RefusedReason, Confirmation, NextQueryAt) = (PayoutStatus.Refused, refused.Reason, null, null);
                return PayoutChange.Refused;
            default:
                throw new ArgumentOutOfRangeException(nameof(answer), answer, "Unknown payout answer.");
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
