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

    public int Version { get; private set; } = 1;

    /// <summary>"PO" + the appointment id: what the provider deduplicates by.</summary>
    public string Number => "PO" + AppointmentId.ToString(CultureInfo.InvariantCulture);

    public static Payout Request(long appointmentId, long userId, long collectorUserId, string provider, long amountFen, DateTime now) => new()
    {
        AppointmentId = appointmentId, UserId = userId, CollectorUserId = collectorUserId, Provider = provider, AmountFen = amountFen,
        Status = PayoutStatus.Requested, CreatedAt = now,
    };

    public PayoutOrder Order => new(Number, AppointmentId, UserId, CollectorUserId, AmountFen);

    /// <summary>Records the provider's answer to a requested payout; true when the money has now been paid.</summary>
    public bool Record(PayoutAnswer answer, DateTime now)
    {
        if (Status != PayoutStatus.Requested)
        {
            throw new InvalidOperationException($"Payout {Number} is {Status}; only a requested payout takes the provider's answer.");
        }

        Version++;
        switch (answer)
        {
            case PayoutAnswer.Paid paid: (Status, Reference, PaidAt) = (PayoutStatus.Paid, paid.Reference, now); return true;
            case PayoutAnswer.Processing processing: (Status, Reference) = (PayoutStatus.Processing, processing.Reference); return false;
            case PayoutAnswer.Refused refused: (Status, RefusedReason) = (PayoutStatus.Refused, refused.Reason); return false;
            default: throw new ArgumentOutOfRangeException(nameof(answer), answer, "Unknown payout answer.");
        }
    }
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
