namespace Circula.Marketplace.Credit;

/// <summary>
/// One change of a user's seller credit: the rule, the points it added or took away when it was recorded (kept, so a later
/// change of the configured points does not rewrite history), why, and the source key that makes it happen once (an
/// order's event, an appointment, an operator's case). <see cref="RecordedBy"/> is the operator who recorded it, if one did.
/// Written once, never changed.
/// </summary>
public sealed class CreditEntry
{
    public long Id { get; init; }

    public long UserId { get; init; }

    public CreditRule Rule { get; init; }

    public int Points { get; init; }

    public string Reason { get; init; } = "";

    public string SourceKey { get; init; } = "";

    public long? RecordedBy { get; init; }

    public DateTime CreatedAt { get; init; }
}

/// <summary>A user's seller credit: the sum of their trail's points, kept up to date in the transaction of each change.</summary>
public sealed class SellerCredit
{
    public long UserId { get; private init; }

    public int Score { get; private init; }

    public int Version { get; private init; }

    public DateTime UpdatedAt { get; private init; }
}
