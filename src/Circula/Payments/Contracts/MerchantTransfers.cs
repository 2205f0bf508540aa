namespace Circula.Payments.Contracts;

/// <summary>
/// Paying money out to a customer's wallet (WeChat Pay's 商家转账 behind it), in terms that name no provider: create a
/// transfer under the caller's number (the idempotency key), ask for its state, and receive its final state through an
/// <see cref="IMerchantTransferNotices"/> the consumer registers. Calls that cannot reach the provider throw
/// <see cref="MerchantTransferUnavailableException"/>; refusals are answers.
/// </summary>
public interface IMerchantTransfers
{
    /// <summary>Whether this server is configured to transfer money (WeChat Pay enabled, or its sandbox).</summary>
    bool Enabled { get; }

    /// <summary>The most one transfer may carry, in fen.</summary>
    long MaxAmountFen { get; }

    /// <summary>Creates the transfer (again: the same number answers the same transfer).</summary>
    Task<MerchantTransferAnswer> CreateAsync(MerchantTransferOrder order, CancellationToken ct);

    /// <summary>The transfer's state now; refused with <see cref="MerchantTransferAnswer.NotFound"/> when the provider has none under this number.</summary>
    Task<MerchantTransferAnswer> QueryAsync(string number, CancellationToken ct);
}

/// <summary>What to transfer: <see cref="Number"/> (letters and digits, at most 32), to whom (our user id), how many fen, the remark the user sees.</summary>
public sealed record MerchantTransferOrder(string Number, long UserId, long AmountFen, string Remark);

public enum MerchantTransferState
{
    /// <summary>Created; the user must confirm receipt in the mini program (<see cref="MerchantTransfer.Confirmation"/>).</summary>
    AwaitingUser,

    /// <summary>Accepted or being paid.</summary>
    InProgress,

    Succeeded,

    Failed,

    Cancelled,
}

/// <summary>A transfer as the provider reports it; <see cref="AmountFen"/> when the provider says it.</summary>
public sealed record MerchantTransfer(string Number, MerchantTransferState State, string? Reference, long? AmountFen, MerchantTransferConfirmation? Confirmation,
    string? FailReason);

/// <summary>What <c>wx.requestMerchantTransfer</c> takes for the user to confirm receipt: mchId, appId and package.</summary>
public sealed record MerchantTransferConfirmation(string MchId, string AppId, string Package);

/// <summary>The provider's answer: the transfer, or a final refusal with a stable code.</summary>
public sealed record MerchantTransferAnswer(MerchantTransfer? Transfer, string? RefusedCode, string? RefusedDetail)
{
    public const string NotFound = "transfer_not_found";

    public static MerchantTransferAnswer Refused(string code, string detail) => new(null, code, detail);
}

/// <summary>The provider could not be reached, or answered nothing it could be trusted for; the caller retries later.</summary>
public sealed class MerchantTransferUnavailableException(string message) : Exception(message);

/// <summary>A verified notification of a transfer's final state; <see cref="NotificationId"/> is the key to apply it once.</summary>
public sealed record MerchantTransferNotice(string NotificationId, MerchantTransfer Transfer);

public enum MerchantTransferNoticeResult
{
    /// <summary>Applied now or before: the provider may stop sending it.</summary>
    Applied,

    /// <summary>Verified but not for anything we know as sent (an unknown number, another amount): not applied.</summary>
    Rejected,

    /// <summary>Lost a race and not yet applied: the provider should send it again.</summary>
    Busy,
}

/// <summary>The consumer of transfer notifications (the module that created the transfers); Payments verifies and reads, then hands each over.</summary>
public interface IMerchantTransferNotices
{
    Task<MerchantTransferNoticeResult> ApplyAsync(MerchantTransferNotice notice, CancellationToken ct);
}
