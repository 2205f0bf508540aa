namespace Circula.Recycling.Payouts;

/// <summary>
/// A payout provider as the server knows it: its name in requests and rows, whether the money changes hands in person at
/// the door (cash: the collector states the amount paid when completing), the most one payout may carry (null: no cap),
/// and whether the customer must be known by their WeChat openid (signed in through WeChat).
/// </summary>
public sealed record PayoutProviderInfo(string Name, string DisplayName, bool InPerson, long? MaxAmountFen = null, bool NeedsWeChatOpenId = false);

/// <summary>What to pay: an appointment's final price to its customer; <see cref="Number"/> is unique per appointment, for the provider to deduplicate retries by.</summary>
public sealed record PayoutOrder(string Number, long AppointmentId, long CustomerId, long CollectorUserId, long AmountFen);

/// <summary>What the customer's mini program passes to <c>wx.requestMerchantTransfer</c> to confirm receipt.</summary>
public sealed record UserConfirmation(string MchId, string AppId, string Package);

/// <summary>A provider's answer to a payout.</summary>
public abstract record PayoutAnswer
{
    private PayoutAnswer()
    {
    }

    /// <summary>The money reached the customer.</summary>
    public sealed record Paid(string Reference) : PayoutAnswer;

    /// <summary>
    /// Accepted, not yet paid; the provider reports the end later. <see cref="Confirmation"/>: the customer must confirm
    /// receipt first (a WeChat transfer waiting for the user).
    /// </summary>
    public sealed record Processing(string? Reference, UserConfirmation? Confirmation = null) : PayoutAnswer;

    /// <summary>The provider will not pay this (a final answer, not an outage).</summary>
    public sealed record Refused(string Reason) : PayoutAnswer;
}

/// <summary>
/// The payout seam, shaped like the payment providers' (<c>Payments/Providers</c>): the settlement flow reaches a
/// provider only through this, in provider-neutral terms, and <see cref="PayoutProviders"/> is the registry of the
/// known and the enabled ones. Calls that cannot reach the provider throw, so the outbox retries the
/// <see cref="Contracts.PayoutRequested"/> delivery; refusals are answers. Each provider is one folder and one
/// registration line (cash here, <c>WeChatTransfer/</c>).
/// </summary>
public interface IPayoutProvider
{
    PayoutProviderInfo Info { get; }

    /// <summary>Pays <paramref name="order"/>; called again with the same order after an outage, so it must be idempotent by <see cref="PayoutOrder.Number"/>.</summary>
    Task<PayoutAnswer> PayAsync(PayoutOrder order, CancellationToken ct);

    /// <summary>What the provider says of a payout it is processing (a lost notification); null when it has nothing to say.</summary>
    Task<PayoutAnswer?> QueryAsync(PayoutOrder order, CancellationToken ct);
}
