using Circula.Payments.Bills;
using Circula.Payments.Providers;
using Circula.Shared.Results;
using Microsoft.Extensions.Logging;

namespace Circula.Payments.Alipay;

/// <summary>
/// Alipay's classic gateway (RSA2) behind <see cref="IPaymentProvider"/>: wap and page pay by a signed URL (nothing to ask
/// Alipay beforehand), <c>alipay.trade.query</c>, <c>.close</c>, <c>.refund</c> (answered synchronously), the form
/// notifications and the trade bill. Built only when Alipay is enabled (see <see cref="AlipayRegistration"/>).
/// </summary>
public sealed class AlipayProvider(
    AlipayClient client, AlipayNotificationVerifier verifier, AlipayPayRequestBuilder payUrls, AlipayEndpoints endpoints, AlipayBillSource bills,
    ILogger<AlipayProvider> logger) : IPaymentProvider
{
    public const string Name = "alipay";
    public const string Wap = "wap";
    public const string Page = "page";

    /// <summary>total_amount may be at most 100000000.00 yuan.</summary>
    public const long MaxAmountFen = 100_000_000_00;

    public static readonly PaymentProviderInfo Description = new(Name, "Alipay", [new(Wap), new(Page)], MaxAmountFen);

    private static readonly PrepayAnswer SignedOnRead = new(null, null, "Alipay pays by a URL signed on each read");

    public PaymentProviderInfo Info => Description;

    public IPaymentBillSource Bills => bills;

    /// <summary>Nothing to ask Alipay beforehand: the signed pay URL is the request, and the buyer's browser carries it there.</summary>
    public Task<Result<PrepayAnswer>> PrepayAsync(Payment payment, TradeTerms terms, CancellationToken ct) => Task.FromResult<Result<PrepayAnswer>>(SignedOnRead);

    /// <summary>
    /// The signed gateway URL (signed now, so its timestamp is fresh) for a live payment whose order can still be paid;
    /// Created too: the URL needs nothing from Alipay, so a crash before Pending was stored loses nothing.
    /// </summary>
    public ClientPayment ForClient(Payment payment, TradeTerms? payable)
    {
        if (!payment.IsLive || payable is null)
        {
            return ClientPayment.Nothing;
        }

        var request = new AlipayPayment(payment.OutTradeNo, payment.AmountFen, payable.Subject, payable.Deadline, NotifyUrl: endpoints.NotifyUrl);
        return new(PayUrl: (payment.Channel == Wap ? payUrls.WapPayUrl(request) : payUrls.PagePayUrl(request)).OriginalString);
    }

    public async Task<TradeQuery> QueryAsync(Payment payment, CancellationToken ct)
    {
        var answer = await client.QueryAsync(payment.OutTradeNo, ct);
        if (answer.Error is { Kind: AlipayErrorKind.Business, SubCode: AlipayError.TradeNotExist })
        {
            // The buyer never opened the cashier: there is no trade yet.
            return TradeQuery.Unpaid;
        }

        if (answer.Value is not { } trade)
        {
            logger.LogWarning("Reconciliation: alipay.trade.query for {OutTradeNo} gave no verified answer ({Kind} {Code} {SubCode}); looking again later",
                payment.OutTradeNo, answer.Error?.Kind, answer.Error?.Code, answer.Error?.SubCode);
            return TradeQuery.Unknown;
        }

        var success = trade.TradeStatus is AlipayTradeStatus.TradeSuccess or AlipayTradeStatus.TradeFinished;
        var closed = trade.TradeStatus == AlipayTradeStatus.TradeClosed;
        if (!success && !closed)
        {
            return trade.TradeStatus == AlipayTradeStatus.WaitBuyerPay ? TradeQuery.Unpaid : TradeQuery.Unknown;
        }

        var state = trade.TradeStatus switch
        {
            AlipayTradeStatus.TradeFinished => "TRADE_FINISHED",
            AlipayTradeStatus.TradeSuccess => "TRADE_SUCCESS",
            _ => "TRADE_CLOSED",
        };
        return new(TradeState.Settled, new VerifiedPaymentNotice(Name, success ? TradeQuery.PaidId(trade.TradeNo) : TradeQuery.ClosedId(trade.OutTradeNo),
            TradeQuery.EventType, trade.OutTradeNo, trade.TradeNo, success, state, null,
            p => success && trade.TotalFen != p.AmountFen
                ? (NotificationOutcomes.AmountMismatch, $"total_amount {trade.TotalFen} fen, the payment is {p.AmountFen} fen")
                : null,
            closed));
    }

    public async Task<CloseAnswer> CloseAsync(Payment payment, CancellationToken ct)
    {
        var result = await client.CloseAsync(payment.OutTradeNo, ct);
        return result.Error switch
        {
            null => new(false, "Alipay closed the trade"),
            // Alipay makes the trade when the buyer opens the pay page; none yet means nothing to pay now. A payUrl signed
            // earlier stays usable until its time_expire (the order's payment deadline), see docs/payments.md.
            { Kind: AlipayErrorKind.Business, SubCode: AlipayError.TradeNotExist } => new(false, "Alipay has no trade yet (the buyer never opened the pay page)"),
            // Paid, or closed already: the query tells which.
            { Kind: AlipayErrorKind.Business, SubCode: AlipayError.TradeStatusError } => new(true, "Alipay answered ACQ.TRADE_STATUS_ERROR"),
            { } error => throw new ProviderUnavailableException(
                $"Alipay close of {payment.OutTradeNo} failed ({error.Kind} {error.Code} {error.SubCode}); it will be retried."),
        };
    }

    public async Task<RefundAnswer> RefundAsync(Payment payment, Refund refund, string payerReason, CancellationToken ct)
    {
        var result = await client.RefundAsync(payment.OutTradeNo, refund.AmountFen, refund.OutRefundNo, payerReason, ct);
        if (result.Error is { Kind: AlipayErrorKind.Business } refused)
        {
            return RefundAnswer.Refused($"Alipay refused the refund: {refused.Code} {refused.SubCode} {refused.SubMessage}");
        }

        var answer = result.Value ?? throw new ProviderUnavailableException($"Alipay refund {refund.OutRefundNo} got no trusted answer ({result.Error?.Kind}); it will be retried.");
        // fund_change=N on a repeated out_request_no means an earlier attempt already moved the money: refund_fee shows it.
        var succeeded = answer.FundChanged || answer.RefundFen >= refund.AmountFen;
        return new(answer.TradeNo, succeeded, succeeded ? "fund_change=Y" : $"fund_change=N, refund_fee {answer.RefundFen} fen");
    }

    /// <summary>
    /// A form notification: the RSA2 signature (without sign and sign_type), then its fields; app_id, out_trade_no and
    /// total_amount are checked against the stored payment when it is applied.
    /// </summary>
    public NotificationRead ReadNotification(ProviderCallback callback)
    {
        var fields = callback.Form ?? new Dictionary<string, string>();
        var check = verifier.Verify(fields);
        if (!check.Succeeded)
        {
            return new NotificationRead.Refused(check.Failure!);
        }

        if (AlipayNotification.Parse(fields, out var problem) is not { } notification)
        {
            return new NotificationRead.Refused($"signed but malformed: {problem}");
        }

        var success = notification.TradeStatus is AlipayTradeStatus.TradeSuccess or AlipayTradeStatus.TradeFinished;
        return new NotificationRead.Payment(new VerifiedPaymentNotice(Name, notification.NotifyId, notification.NotifyType ?? "trade_status_sync",
            notification.OutTradeNo, notification.TradeNo, success, fields["trade_status"], null,
            payment => verifier.CheckTrade(fields, payment.OutTradeNo, payment.AmountFen).Failure switch
            {
                null => null,
                AlipayCheck.AmountMismatch or AlipayCheck.AmountInvalid =>
                    (NotificationOutcomes.AmountMismatch, $"total_amount {fields.GetValueOrDefault("total_amount")}, the payment is {payment.AmountFen} fen"),
                var reason => (NotificationOutcomes.MerchantMismatch, $"{reason}: app_id {notification.AppId}"),
            }));
    }
}
