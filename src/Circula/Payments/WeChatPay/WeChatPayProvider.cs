using System.Globalization;
using Circula.Payments.Bills;
using Circula.Payments.Contracts;
using Circula.Payments.Providers;
using Circula.Shared.Results;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Payments.WeChatPay;

/// <summary>
/// WeChat Pay API v3 (direct merchant) behind <see cref="IPaymentProvider"/>: JSAPI and Native prepay, query by
/// out_trade_no, close, domestic refund (answered PROCESSING, finished by a REFUND.* callback), the signed callbacks and
/// the trade bill. Built only when WeChat Pay is enabled (see <see cref="WeChatPayRegistration"/>).
/// </summary>
public sealed class WeChatPayProvider(
    WeChatPayClient client, WeChatPayNotificationReader reader, WeChatPayEndpoints endpoints, WeChatPayBillSource bills, IOptions<WeChatPayOptions> options,
    ILogger<WeChatPayProvider> logger) : IPaymentProvider
{
    public const string Name = "wechatpay";
    public const string Jsapi = "jsapi";
    public const string Native = "native";

    /// <summary>amount.total is a 32-bit integer of fen.</summary>
    public const long MaxAmountFen = int.MaxValue;

    public static readonly PaymentProviderInfo Description = new(Name, "WeChat Pay", [new(Jsapi, NeedsWeChatOpenId: true), new(Native)], MaxAmountFen);

    public PaymentProviderInfo Info => Description;

    public IPaymentBillSource Bills => bills;

    public async Task<Result<PrepayAnswer>> PrepayAsync(Payment payment, TradeTerms terms, CancellationToken ct)
    {
        var o = options.Value;
        var amount = new WeChatPayOrderAmount(payment.AmountFen);
        var (answer, error) = payment.Channel == Jsapi
            ? Answer(await client.JsapiPrepayAsync(new JsapiPrepayRequest(o.AppId!, o.MchId!, terms.Subject, payment.OutTradeNo, endpoints.NotifyUrl, amount,
                new WeChatPayPayer(payment.PayerOpenId!), terms.Deadline), ct), r => new PrepayAnswer(r.PrepayId, null, "WeChat Pay accepted the JSAPI prepay"))
            : Answer(await client.NativePrepayAsync(new NativePrepayRequest(o.AppId!, o.MchId!, terms.Subject, payment.OutTradeNo, endpoints.NotifyUrl, amount,
                terms.Deadline), ct), r => new PrepayAnswer(null, r.CodeUrl, "WeChat Pay accepted the Native prepay"));
        if (error is null)
        {
            return answer!;
        }

        logger.LogWarning("WeChat Pay prepay for payment {PaymentId} (order {OrderId}) failed: {Kind} {Code} (Request-ID {RequestId})",
            payment.Id, payment.OrderId, error.Kind, error.Code, error.RequestId);
        return DomainError.Upstream(PaymentProviders.ProviderError, $"WeChat Pay did not accept the payment ({error.Code}); try again.");
    }

    /// <summary>Fresh wx.requestPayment parameters for a pending JSAPI payment (signed now).</summary>
    public ClientPayment ForClient(Payment payment, TradeTerms? payable) =>
        payment is { Status: PaymentStatus.Pending, Channel: Jsapi, PrepayId: { } prepayId } ? new(Jsapi: client.JsapiPaymentParameters(prepayId)) : ClientPayment.Nothing;

    public async Task<TradeQuery> QueryAsync(Payment payment, CancellationToken ct)
    {
        var answer = await client.QueryByOutTradeNoAsync(payment.OutTradeNo, ct);
        if (answer.Error is { Kind: WeChatPayErrorKind.Rejected, Code: WeChatPayError.OrderNotExist })
        {
            // A signed "no such order": the payer never got a prepay id, so nothing was paid (as Alipay's TRADE_NOT_EXIST).
            return TradeQuery.Unpaid;
        }

        if (answer.Value is not { } transaction)
        {
            logger.LogWarning("Reconciliation: WeChat Pay query for {OutTradeNo} gave no verified answer ({Kind} {Code}); looking again later",
                payment.OutTradeNo, answer.Error?.Kind, answer.Error?.Code);
            return TradeQuery.Unknown;
        }

        switch (transaction.TradeState)
        {
            case WeChatPayTransaction.Success:
                return new(TradeState.Settled, Notice(TradeQuery.PaidId(transaction.TransactionId ?? ""), TradeQuery.EventType, transaction));
            case WeChatPayTransaction.Closed:
                return new(TradeState.Settled, Notice(TradeQuery.ClosedId(transaction.OutTradeNo), TradeQuery.EventType, transaction));
            case WeChatPayTransaction.NotPay or WeChatPayTransaction.UserPaying:
                return TradeQuery.Unpaid;
            default:
                logger.LogWarning("Reconciliation: WeChat Pay reports {OutTradeNo} {State}; left pending for an operator", payment.OutTradeNo, transaction.TradeState);
                return TradeQuery.Unknown;
        }
    }

    public async Task<CloseAnswer> CloseAsync(Payment payment, CancellationToken ct)
    {
        var result = await client.CloseAsync(payment.OutTradeNo, ct);
        return result.Error switch
        {
            null => new(false, "WeChat Pay closed the order"),
            { Kind: WeChatPayErrorKind.Rejected, Code: WeChatPayError.OrderPaid } => new(true, "WeChat Pay answered ORDERPAID"),
            // The prepay never reached WeChat Pay (the payment stayed Created): there is nothing there to pay.
            { Kind: WeChatPayErrorKind.Rejected, Code: WeChatPayError.OrderNotExist } => new(false, "WeChat Pay has no such order"),
            { } error => throw new ProviderUnavailableException(
                $"WeChat Pay close of {payment.OutTradeNo} failed ({error.Kind} {error.Status} {error.Code}); it will be retried."),
        };
    }

    public async Task<RefundAnswer> RefundAsync(Payment payment, Refund refund, string payerReason, CancellationToken ct)
    {
        var request = new RefundRequest(null, payment.OutTradeNo, refund.OutRefundNo, new RefundRequestAmount(refund.AmountFen, payment.AmountFen), payerReason,
            endpoints.RefundNotifyUrl);
        var result = await client.RefundAsync(request, ct);
        // 5xx SYSTEM_ERROR and 429 FREQUENCY_LIMITED mean "try again with the same out_refund_no", not a refusal: the outbox retries.
        if (result.Error is { Kind: WeChatPayErrorKind.Rejected, Status: < 500 and not 429 } refused)
        {
            return RefundAnswer.Refused($"WeChat Pay refused the refund: {refused.Code} {refused.Message}");
        }

        var answer = result.Value ?? throw new ProviderUnavailableException($"WeChat Pay refund {refund.OutRefundNo} got no answer ({result.Error?.Code}); it will be retried.");
        return answer.Status switch
        {
            WeChatPayRefund.Success => new(answer.RefundId, true, "SUCCESS"),
            WeChatPayRefund.Closed or WeChatPayRefund.Abnormal => new(answer.RefundId, false, $"WeChat Pay reports the refund {answer.Status}"),
            // PROCESSING: REFUND.SUCCESS (or ABNORMAL/CLOSED) comes later, to the refund notify URL.
            _ => new(answer.RefundId, null, answer.Status),
        };
    }

    public NotificationRead ReadNotification(ProviderCallback callback)
    {
        var read = reader.Read(WeChatPaySignatureHeaders.Read(callback.Header), callback.Body);
        return read switch
        {
            { Accepted: false } => new NotificationRead.Refused(read.FailureCode!),
            { Transaction: { } transaction } => new NotificationRead.Payment(Notice(read.Notification!.Id, read.Notification.EventType, transaction)),
            { Refund: { } refund } => new NotificationRead.Refund(RefundNotice(read.Notification!, refund)),
            _ => new NotificationRead.Other(read.Notification!.Id, read.Notification.EventType),
        };
    }

    /// <summary>
    /// A verified transaction (from a callback or a query answer) as a <see cref="VerifiedPaymentNotice"/>: SUCCESS pays,
    /// CLOSED closes; mchid, appid and (when paid) the amount must match the payment.
    /// </summary>
    private VerifiedPaymentNotice Notice(string notificationId, string eventType, WeChatPayTransaction transaction)
    {
        var o = options.Value;
        var success = transaction.TradeState == WeChatPayTransaction.Success;
        return new VerifiedPaymentNotice(Name, notificationId, eventType, transaction.OutTradeNo, transaction.TransactionId, success, transaction.TradeState,
            transaction.Payer?.OpenId,
            payment => transaction.MchId != o.MchId || transaction.AppId != o.AppId
                ? (NotificationOutcomes.MerchantMismatch, $"mchid {transaction.MchId} / appid {transaction.AppId} are not ours")
                : success && transaction.Amount?.Total != payment.AmountFen
                    ? (NotificationOutcomes.AmountMismatch,
                        $"amount {transaction.Amount?.Total.ToString(CultureInfo.InvariantCulture) ?? "missing"} fen, the payment is {payment.AmountFen} fen")
                    : null,
            transaction.TradeState == WeChatPayTransaction.Closed);
    }

    /// <summary>A verified REFUND.* result: SUCCESS succeeds, ABNORMAL and CLOSED fail; the merchant, the trade and both amounts must match.</summary>
    private VerifiedRefundNotice RefundNotice(WeChatPayNotification notification, WeChatPayRefundNotice notice)
    {
        bool? succeeded = notification.EventType switch
        {
            WeChatPayNotification.RefundSuccess when notice.RefundStatus == WeChatPayRefund.Success => true,
            WeChatPayNotification.RefundAbnormal or WeChatPayNotification.RefundClosed => false,
            _ => null,
        };
        return new VerifiedRefundNotice(Name, notification.Id, notification.EventType, notice.OutRefundNo, notice.OutTradeNo, notice.TransactionId, notice.RefundId,
            succeeded, notice.RefundStatus,
            (refund, payment) => notice.MchId != options.Value.MchId
                ? (NotificationOutcomes.MerchantMismatch, $"mchid {notice.MchId} is not ours")
                : notice.OutTradeNo != payment.OutTradeNo || notice.Amount.Refund != refund.AmountFen || notice.Amount.Total != payment.AmountFen
                    ? (NotificationOutcomes.AmountMismatch, string.Create(CultureInfo.InvariantCulture,
                        $"{notice.OutTradeNo} refund {notice.Amount.Refund} of {notice.Amount.Total} fen; ours is {payment.OutTradeNo} refund {refund.AmountFen} of {payment.AmountFen} fen"))
                    : null);
    }

    private static (PrepayAnswer? Answer, WeChatPayError? Error) Answer<T>(WeChatPayResult<T> result, Func<T, PrepayAnswer> accepted) where T : class =>
        result.Value is { } value ? (accepted(value), null) : (null, result.Error);
}
