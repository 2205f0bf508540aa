using System.Text;
using Circula.Payments.Alipay;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Payments;

/// <summary>
/// <c>POST /api/v1/payments/alipay/notify</c>: Alipay's asynchronous notification (form-encoded). Verifies the RSA2
/// signature (without sign and sign_type), then app_id, out_trade_no and total_amount against the stored payment, and
/// hands the rest to <see cref="PaymentNotificationProcessor"/>. Answers the plain text <c>success</c> when processed
/// (also a redelivery) and <c>failure</c> otherwise, which makes Alipay retry.
/// </summary>
public static class AlipayNotify
{
    public const string Success = "success";
    public const string Failure = "failure";

    public static async Task<IResult> Handle(HttpContext context, IOptions<AlipayOptions> options, IServiceProvider services, ILogger<AlipayNotification> logger,
        CancellationToken ct)
    {
        if (!options.Value.Enabled)
        {
            return Reply(Failure, StatusCodes.Status404NotFound);
        }

        if (!context.Request.HasFormContentType)
        {
            logger.LogWarning("Alipay notification refused: not a form ({ContentType}, from {Remote})", context.Request.ContentType, context.Connection.RemoteIpAddress);
            return Reply(Failure);
        }

        var form = await context.Request.ReadFormAsync(ct);
        var verifier = services.GetRequiredService<AlipayNotificationVerifier>();
        var read = AlipayNotificationVerifier.TryReadForm(form, out var fields);
        var check = read.Succeeded ? verifier.Verify(fields) : read;
        if (!check.Succeeded)
        {
            // Not verified, so nothing in it is trusted or stored (a forger could fill the table); the log is the record.
            logger.LogWarning("Alipay notification refused: {Reason} (notify_id {NotifyId}, {Count} fields, from {Remote})",
                check.Failure, fields.GetValueOrDefault("notify_id"), form.Count, context.Connection.RemoteIpAddress);
            return Reply(Failure);
        }

        if (AlipayNotification.Parse(fields, out var problem) is not { } notification)
        {
            logger.LogWarning("Alipay notification {NotifyId} refused although signed: {Problem}", fields.GetValueOrDefault("notify_id"), problem);
            return Reply(Failure);
        }

        var success = notification.TradeStatus is AlipayTradeStatus.TradeSuccess or AlipayTradeStatus.TradeFinished;
        var notice = new VerifiedPaymentNotice(Payment.Alipay, notification.NotifyId, notification.NotifyType ?? "trade_status_sync", notification.OutTradeNo,
            notification.TradeNo, success, fields["trade_status"], null,
            payment => verifier.CheckTrade(fields, payment.OutTradeNo, payment.AmountFen).Failure switch
            {
                null => null,
                AlipayCheck.AmountMismatch or AlipayCheck.AmountInvalid =>
                    (NotificationOutcomes.AmountMismatch, $"total_amount {fields.GetValueOrDefault("total_amount")}, the payment is {payment.AmountFen} fen"),
                var reason => (NotificationOutcomes.MerchantMismatch, $"{reason}: app_id {notification.AppId}"),
            });
        var outcome = await services.GetRequiredService<PaymentNotificationProcessor>().ProcessAsync(notice, ct);
        return Reply(outcome.Result == NoticeResult.Processed ? Success : Failure);
    }

    private static IResult Reply(string text, int status = StatusCodes.Status200OK) =>
        TypedResults.Text(text, "text/plain", Encoding.UTF8, status);
}
