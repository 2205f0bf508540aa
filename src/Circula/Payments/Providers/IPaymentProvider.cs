using Circula.Payments.Bills;
using Circula.Payments.WeChatPay;
using Circula.Shared.Results;

namespace Circula.Payments.Providers;

/// <summary>
/// One payment provider (WeChat Pay, Alipay) as the payment flow sees it: everything the flow asks a provider goes
/// through here, in provider-neutral terms. An implementation lives in its provider's folder with the protocol it speaks
/// and is registered with <see cref="PaymentProviderServices.AddPaymentProvider{TProvider}"/>; the flow finds the
/// enabled ones in <see cref="PaymentProviders"/>. Calls that cannot reach the provider or get no trusted answer throw
/// (<see cref="ProviderUnavailableException"/>), so the caller's outbox message or worker round is retried.
/// </summary>
public interface IPaymentProvider
{
    PaymentProviderInfo Info { get; }

    /// <summary>Opens the trade for a Created payment; a refusal is an Upstream error with the provider's code.</summary>
    Task<Result<PrepayAnswer>> PrepayAsync(Payment payment, TradeTerms terms, CancellationToken ct);

    /// <summary>What the customer's client needs to pay a live payment now (signed afresh); <paramref name="payable"/> is null once its order cannot be paid.</summary>
    ClientPayment ForClient(Payment payment, TradeTerms? payable);

    /// <summary>The trade's state at the provider, as a notice the payment flow applies like a callback.</summary>
    Task<TradeQuery> QueryAsync(Payment payment, CancellationToken ct);

    /// <summary>Closes the trade so that it can no longer be paid.</summary>
    Task<CloseAnswer> CloseAsync(Payment payment, CancellationToken ct);

    /// <summary>Asks for <paramref name="refund"/> of <paramref name="payment"/>, always with its one out_refund_no; <paramref name="payerReason"/> is shown on the payer's bill.</summary>
    Task<RefundAnswer> RefundAsync(Payment payment, Refund refund, string payerReason, CancellationToken ct);

    /// <summary>Verifies and reads a callback; nothing in it is trusted unless this says so.</summary>
    NotificationRead ReadNotification(ProviderCallback callback);

    /// <summary>Where its daily trade bill comes from; null when it offers none.</summary>
    IPaymentBillSource? Bills { get; }
}

/// <summary>
/// A provider's name (as stored in payments.provider and sent by clients), its name for people, its channels, and the
/// largest amount one trade may have there (<see cref="MaxAmountFen"/>).
/// </summary>
public sealed record PaymentProviderInfo(string Name, string DisplayName, IReadOnlyList<PaymentChannel> Channels, long MaxAmountFen)
{
    public PaymentChannel? Channel(string name) => Channels.FirstOrDefault(c => c.Name == name);
}

/// <summary>A way to pay with a provider; <see cref="NeedsWeChatOpenId"/> when the payer must be known by their WeChat openid (JSAPI).</summary>
public sealed record PaymentChannel(string Name, bool NeedsWeChatOpenId = false);

/// <summary>What the payer is shown and until when the trade may be paid (the order's payment deadline, in China time).</summary>
public sealed record TradeTerms(string Subject, DateTimeOffset Deadline);

/// <summary>The provider accepted the prepay: a JSAPI prepay id, a Native code URL, or nothing to keep (Alipay signs a URL on each read).</summary>
public sealed record PrepayAnswer(string? PrepayId, string? CodeUrl, string Detail);

/// <summary>How the client pays: the <c>wx.requestPayment</c> parameters, or the URL to send the buyer's browser to.</summary>
public sealed record ClientPayment(JsapiPaymentParameters? Jsapi = null, string? PayUrl = null)
{
    public static readonly ClientPayment Nothing = new();
}

public enum TradeState
{
    /// <summary>Not paid yet (or no trade yet): look again later.</summary>
    Unpaid,

    /// <summary>No trusted answer, or a state to leave to an operator: look again later.</summary>
    Unknown,

    /// <summary>Paid or closed: <see cref="TradeQuery.Notice"/> says which, verified.</summary>
    Settled,
}

/// <summary>
/// What a query found; a settled trade comes with the notice to apply. A query's notice is recorded under
/// <see cref="EventType"/> with the id <c>query:&lt;transaction&gt;</c> (<c>query:closed:&lt;out_trade_no&gt;</c>), so a late
/// callback for the same transaction is a recognised duplicate.
/// </summary>
public sealed record TradeQuery(TradeState State, VerifiedPaymentNotice? Notice = null)
{
    public const string EventType = "trade.query";

    public static readonly TradeQuery Unpaid = new(TradeState.Unpaid);
    public static readonly TradeQuery Unknown = new(TradeState.Unknown);

    public static string PaidId(string transactionId) => "query:" + transactionId;

    public static string ClosedId(string outTradeNo) => "query:closed:" + outTradeNo;
}

/// <summary>The provider's answer to a close: closed (or nothing there to pay), or refused because of the trade's state (paid, or closed already).</summary>
public sealed record CloseAnswer(bool RefusedForState, string Detail);

/// <summary>A trusted answer to a refund: finished (<see cref="Succeeded"/> true, or false for a refusal) or accepted and in progress (null).</summary>
public sealed record RefundAnswer(string? ProviderRefundId, bool? Succeeded, string Detail)
{
    public static RefundAnswer Refused(string detail) => new(null, false, detail);
}

/// <summary>The provider could not be reached or gave no trusted answer; the caller retries later.</summary>
public sealed class ProviderUnavailableException(string message) : Exception(message);
