namespace Circula.Recycling.Payouts;

/// <summary>
/// A payout provider as the server knows it: its name in requests and rows, and whether the money changes hands in
/// person at the door (cash: the collector states the amount paid when completing).
/// </summary>
public sealed record PayoutProviderInfo(string Name, string DisplayName, bool InPerson);

/// <summary>What to pay: an appointment's final price to its customer; <see cref="Number"/> is unique per appointment, for the provider to deduplicate retries by.</summary>
public sealed record PayoutOrder(string Number, long AppointmentId, long CustomerId, long CollectorUserId, long AmountFen);

/// <summary>A provider's answer to a payout.</summary>
public abstract record PayoutAnswer
{
    private PayoutAnswer()
    {
    }

    /// <summary>The money reached the customer.</summary>
    public sealed record Paid(string Reference) : PayoutAnswer;

    /// <summary>Accepted, not yet paid (a transfer waiting for the user's confirmation); the provider reports the end later.</summary>
    public sealed record Processing(string Reference) : PayoutAnswer;

    /// <summary>The provider will not pay this (a final answer, not an outage).</summary>
    public sealed record Refused(string Reason) : PayoutAnswer;
}

/// <summary>
/// The payout seam, shaped like the payment providers' (<c>Payments/Providers</c>): the settlement flow reaches a
/// provider only through this, in provider-neutral terms, and <see cref="PayoutProviders"/> is the registry of the
/// known and the enabled ones. Calls that cannot reach the provider throw, so the outbox retries the
/// <see cref="Contracts.PayoutRequested"/> delivery; refusals are answers. A WeChat Pay merchant transfer plugs in as
/// one more provider (one folder, one registration line).
/// </summary>
public interface IPayoutProvider
{
    PayoutProviderInfo Info { get; }

    /// <summary>Pays <paramref name="order"/>; called again with the same order after an outage, so it must be idempotent by <see cref="PayoutOrder.Number"/>.</summary>
    Task<PayoutAnswer> PayAsync(PayoutOrder order, CancellationToken ct);
}
