using System.Globalization;
using Circula.Payments.WeChatPay;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Payments;

/// <summary>
/// <c>POST /api/v1/payments/wechatpay/notify</c>: WeChat Pay's payment callback. Reads the raw body, verifies signature,
/// time window and serial, decrypts, matches mchid/appid/out_trade_no/amount against the stored payment, and in one
/// transaction marks the payment Succeeded and the order Paid. Answers 204 (also for a redelivery) or 4xx/5xx with
/// <c>{"code":"FAIL","message":...}</c> as WeChat Pay expects; anything refused changes no state.
/// </summary>
public static class WeChatPayNotify
{
    public const int MaxBodyBytes = 64 * 1024;

    public static async Task<IResult> Handle(HttpContext context, IOptions<WeChatPayOptions> options, IServiceProvider services, ILogger<WeChatPayNotification> logger,
        CancellationToken ct)
    {
        var (failure, read) = await VerifyAsync(context, options, services, logger, ct);
        if (failure is not null)
        {
            return failure;
        }

        if (read.Transaction is not { } transaction)
        {
            logger.LogInformation("WeChat Pay notification {Id} of type {EventType} acknowledged without action", read.Notification!.Id, read.Notification.EventType);
            return TypedResults.NoContent();
        }

        var processor = services.GetRequiredService<WeChatPayNotificationProcessor>();
        return await processor.ProcessAsync(read.Notification!, transaction, ct);
    }

    /// <summary>
    /// <c>POST /api/v1/payments/wechatpay/refund-notify</c>: WeChat Pay's refund callback, verified exactly as the payment
    /// callback; a REFUND.* result finishes the refund it names (deduplicated by notification id).
    /// </summary>
    public static async Task<IResult> HandleRefund(HttpContext context, IOptions<WeChatPayOptions> options, IServiceProvider services,
        ILogger<WeChatPayNotification> logger, CancellationToken ct)
    {
        var (failure, read) = await VerifyAsync(context, options, services, logger, ct);
        if (failure is not null)
        {
            return failure;
        }

        if (read.Refund is not { } refund)
        {
            logger.LogInformation("WeChat Pay refund notification {Id} of type {EventType} acknowledged without action", read.Notification!.Id, read.Notification.EventType);
            return TypedResults.NoContent();
        }

        return await services.GetRequiredService<WeChatPayRefundNotificationProcessor>().ProcessAsync(read.Notification!, refund, ct);
    }

    /// <summary>The body read and verified (signature, time window, serial) and decrypted; or the FAIL answer. Nothing unverified is stored.</summary>
    private static async Task<(IResult? Failure, WeChatPayNotificationResult Read)> VerifyAsync(HttpContext context, IOptions<WeChatPayOptions> options,
        IServiceProvider services, ILogger logger, CancellationToken ct)
    {
        var refused = new WeChatPayNotificationResult("refused");
        if (!options.Value.Enabled)
        {
            return (Fail(StatusCodes.Status404NotFound, "WeChat Pay is not enabled"), refused);
        }

        var body = await ReadBodyAsync(context.Request, ct);
        if (body is null)
        {
            return (Fail(StatusCodes.Status413PayloadTooLarge, "body too large"), refused);
        }

        var headers = WeChatPaySignatureHeaders.Read(name => context.Request.Headers[name].FirstOrDefault());
        var read = services.GetRequiredService<WeChatPayNotificationReader>().Read(headers, body);
        if (!read.Accepted)
        {
            // Not verified, so nothing in it is trusted or stored (a forger could fill the table); the log is the record.
            logger.LogWarning("WeChat Pay notification refused: {Reason} (serial {Serial}, timestamp {Timestamp}, {Length} bytes, from {Remote})",
                read.FailureCode, headers.Serial, headers.Timestamp, body.Length, context.Connection.RemoteIpAddress);
            return (Fail(StatusCodes.Status401Unauthorized, read.FailureCode!), read);
        }

        return (null, read);
    }

    internal static IResult Fail(int status, string message) => TypedResults.Json(new { code = "FAIL", message }, statusCode: status);

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>WeChat Pay's half of the callback: its checks as a <see cref="VerifiedPaymentNotice"/>, and the answer WeChat Pay expects.</summary>
public sealed class WeChatPayNotificationProcessor(PaymentNotificationProcessor processor, IOptions<WeChatPayOptions> options)
{
    public async Task<IResult> ProcessAsync(WeChatPayNotification notification, WeChatPayTransaction transaction, CancellationToken ct)
    {
        var notice = Notice(notification.Id, notification.EventType, transaction, options.Value);
        var outcome = await processor.ProcessAsync(notice, ct);
        return outcome.Result switch
        {
            NoticeResult.Processed => TypedResults.NoContent(),
            NoticeResult.Rejected => WeChatPayNotify.Fail(StatusCodes.Status400BadRequest, outcome.Outcome!),
            _ => WeChatPayNotify.Fail(StatusCodes.Status500InternalServerError, "busy, retry"),
        };
    }

    /// <summary>
    /// A verified WeChat Pay transaction (from a callback or a query answer) as a <see cref="VerifiedPaymentNotice"/>:
    /// SUCCESS pays, CLOSED closes; mchid, appid and (when paid) the amount must match the payment.
    /// </summary>
    public static VerifiedPaymentNotice Notice(string notificationId, string eventType, WeChatPayTransaction transaction, WeChatPayOptions o)
    {
        var success = transaction.TradeState == WeChatPayTransaction.Success;
        return new VerifiedPaymentNotice(Payment.WeChatPay, notificationId, eventType, transaction.OutTradeNo, transaction.TransactionId,
            success, transaction.TradeState, transaction.Payer?.OpenId,
            payment => transaction.MchId != o.MchId || transaction.AppId != o.AppId
                ? (NotificationOutcomes.MerchantMismatch, $"mchid {transaction.MchId} / appid {transaction.AppId} are not ours")
                : success && transaction.Amount?.Total != payment.AmountFen
                    ? (NotificationOutcomes.AmountMismatch,
                        $"amount {transaction.Amount?.Total.ToString(CultureInfo.InvariantCulture) ?? "missing"} fen, the payment is {payment.AmountFen} fen")
                    : null,
            transaction.TradeState == WeChatPayTransaction.Closed);
    }
}
