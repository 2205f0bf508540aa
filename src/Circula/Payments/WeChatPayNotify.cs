using System.Globalization;
using Circula.Data;
using Circula.Ordering.Contracts;
using Circula.Payments.WeChatPay;
using Circula.Shared.Ids;
using Circula.Shared.Outbox;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Payments;

/// <summary>Raised when money arrives for an order that can no longer be paid (cancelled at its deadline): it must be refunded.</summary>
public sealed record PaymentSucceededAfterCancel(string PaymentId, string OrderId, string OutTradeNo, string TransactionId, long AmountFen, string? OrderStatus)
    : IIntegrationEvent
{
    public static string EventType => "payment.succeeded-after-cancel";
}

/// <summary>Raised when a payment succeeded and its order became paid.</summary>
public sealed record PaymentSucceeded(string PaymentId, string OrderId, string OutTradeNo, string TransactionId, long AmountFen) : IIntegrationEvent
{
    public static string EventType => "payment.succeeded";
}

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
        if (!options.Value.Enabled)
        {
            return Fail(StatusCodes.Status404NotFound, "WeChat Pay is not enabled");
        }

        var body = await ReadBodyAsync(context.Request, ct);
        if (body is null)
        {
            return Fail(StatusCodes.Status413PayloadTooLarge, "body too large");
        }

        var headers = WeChatPaySignatureHeaders.Read(name => context.Request.Headers[name].FirstOrDefault());
        var read = services.GetRequiredService<WeChatPayNotificationReader>().Read(headers, body);
        if (!read.Accepted)
        {
            // Not verified, so nothing in it is trusted or stored (a forger could fill the table); the log is the record.
            logger.LogWarning("WeChat Pay notification refused: {Reason} (serial {Serial}, timestamp {Timestamp}, {Length} bytes, from {Remote})",
                read.FailureCode, headers.Serial, headers.Timestamp, body.Length, context.Connection.RemoteIpAddress);
            return Fail(StatusCodes.Status401Unauthorized, read.FailureCode!);
        }

        if (read.Transaction is not { } transaction)
        {
            logger.LogInformation("WeChat Pay notification {Id} of type {EventType} acknowledged without action", read.Notification!.Id, read.Notification.EventType);
            return TypedResults.NoContent();
        }

        var processor = services.GetRequiredService<WeChatPayNotificationProcessor>();
        return await processor.ProcessAsync(read.Notification!, transaction, ct);
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

/// <summary>The business half of the callback: dedupe, match, and apply in one transaction.</summary>
public sealed class WeChatPayNotificationProcessor(
    CirculaDbContext db, IOrderPayments orders, Outbox outbox, SnowflakeIdGenerator ids, TimeProvider clock, IOptions<WeChatPayOptions> options,
    ILogger<WeChatPayNotificationProcessor> logger)
{
    private static readonly UniqueIndex NotificationIndex = new("ux_payment_notifications_provider_id", "payment_notifications.provider, payment_notifications.notification_id");
    private static readonly UniqueIndex TransactionIndex = new("ux_payments_provider_transaction", "payments.provider, payments.provider_transaction_id");

    public async Task<IResult> ProcessAsync(WeChatPayNotification notification, WeChatPayTransaction transaction, CancellationToken ct)
    {
        try
        {
            return await ApplyAsync(notification, transaction, ct);
        }
        catch (DbUpdateException e) when (NotificationIndex.IsViolatedBy(e) || TransactionIndex.IsViolatedBy(e) || e is DbUpdateConcurrencyException)
        {
            // A concurrent copy of this notification (or another notification for this transaction) committed first.
            db.ChangeTracker.Clear();
            if (await db.Set<Payment>().AsNoTracking().AnyAsync(p => p.OutTradeNo == transaction.OutTradeNo && p.ProviderTransactionId == transaction.TransactionId, ct))
            {
                logger.LogInformation("WeChat Pay notification {Id} for {OutTradeNo} lost a race to its twin; already processed", notification.Id, transaction.OutTradeNo);
                return TypedResults.NoContent();
            }

            logger.LogWarning("WeChat Pay notification {Id} for {OutTradeNo} conflicted and is not yet processed; WeChat Pay will retry", notification.Id, transaction.OutTradeNo);
            return WeChatPayNotify.Fail(StatusCodes.Status500InternalServerError, "busy, retry");
        }
    }

    private async Task<IResult> ApplyAsync(WeChatPayNotification notification, WeChatPayTransaction transaction, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var earlier = await db.Set<PaymentNotification>().AsNoTracking()
            .FirstOrDefaultAsync(n => n.Provider == Payment.WeChatPay && n.NotificationId == notification.Id, ct);
        if (earlier is not null)
        {
            return NotificationOutcomes.IsRejection(earlier.Outcome)
                ? WeChatPayNotify.Fail(StatusCodes.Status400BadRequest, earlier.Outcome)
                : TypedResults.NoContent();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var payment = await db.Set<Payment>().FirstOrDefaultAsync(p => p.Provider == Payment.WeChatPay && p.OutTradeNo == transaction.OutTradeNo, ct);
        var record = new PaymentNotification
        {
            Id = ids.NextId(), Provider = Payment.WeChatPay, NotificationId = notification.Id, EventType = notification.EventType,
            OutTradeNo = transaction.OutTradeNo, ProviderTransactionId = transaction.TransactionId, PaymentId = payment?.Id, Outcome = NotificationOutcomes.Ignored,
            ReceivedAt = now,
        };
        db.Set<PaymentNotification>().Add(record);

        var anomaly = payment is null ? (NotificationOutcomes.UnknownOrder, $"no payment with out_trade_no {transaction.OutTradeNo}")
            : transaction.MchId != options.Value.MchId || transaction.AppId != options.Value.AppId
                ? (NotificationOutcomes.MerchantMismatch, $"mchid {transaction.MchId} / appid {transaction.AppId} are not ours")
            : transaction.TradeState == WeChatPayTransaction.Success && transaction.Amount?.Total != payment.AmountFen
                ? (NotificationOutcomes.AmountMismatch, $"amount {transaction.Amount?.Total.ToString(CultureInfo.InvariantCulture) ?? "missing"} fen, the payment is {payment.AmountFen} fen")
            : ((string Outcome, string Detail)?)null;
        if (anomaly is { } found)
        {
            var (outcome, detail) = found;
            record.Outcome = outcome;
            record.Detail = detail;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            logger.LogError("WeChat Pay notification {Id} ANOMALY {Outcome}: {Detail} (transaction {TransactionId}); state unchanged",
                notification.Id, outcome, detail, transaction.TransactionId);
            return WeChatPayNotify.Fail(StatusCodes.Status400BadRequest, outcome);
        }

        if (transaction.TradeState != WeChatPayTransaction.Success || string.IsNullOrEmpty(transaction.TransactionId))
        {
            record.Detail = $"trade_state {transaction.TradeState}";
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return TypedResults.NoContent();
        }

        if (payment!.Status == PaymentStatus.Succeeded)
        {
            var same = payment.ProviderTransactionId == transaction.TransactionId;
            record.Outcome = same ? NotificationOutcomes.DuplicateTransaction : NotificationOutcomes.SecondTransaction;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            if (!same)
            {
                logger.LogError("WeChat Pay notification {Id}: payment {PaymentId} already succeeded with transaction {Earlier}, now {TransactionId} paid it again",
                    notification.Id, payment.Id, payment.ProviderTransactionId, transaction.TransactionId);
            }

            return TypedResults.NoContent();
        }

        if (PaymentStateMachine.Apply(payment, PaymentTrigger.Succeed, now) is not null)
        {
            // Failed or Closed at our side, yet WeChat Pay took the money: keep the evidence, refund later.
            record.Outcome = NotificationOutcomes.SecondTransaction;
            record.Detail = $"payment is {payment.Status}";
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            logger.LogError("WeChat Pay notification {Id}: money for payment {PaymentId} in status {Status}", notification.Id, payment.Id, payment.Status);
            return TypedResults.NoContent();
        }

        payment.ProviderTransactionId = transaction.TransactionId;
        payment.PayerOpenId = transaction.Payer?.OpenId ?? payment.PayerOpenId;
        await db.SaveChangesAsync(ct);

        var paid = await orders.MarkPaidAsync(payment.OrderId, $"wechatpay {transaction.TransactionId}", ct);
        var paymentId = payment.Id.ToString(CultureInfo.InvariantCulture);
        var orderId = payment.OrderId.ToString(CultureInfo.InvariantCulture);
        switch (paid.Outcome)
        {
            case MarkPaidOutcome.Paid:
                record.Outcome = NotificationOutcomes.Paid;
                outbox.Add(new PaymentSucceeded(paymentId, orderId, payment.OutTradeNo, transaction.TransactionId, payment.AmountFen));
                break;
            case MarkPaidOutcome.AlreadyPaid:
                record.Outcome = NotificationOutcomes.OrderAlreadyPaid;
                record.Detail = $"order is {paid.OrderStatus}";
                break;
            default:
                // Automatic refunds come later; the event is what they will consume.
                record.Outcome = NotificationOutcomes.PaidAfterCancel;
                record.Detail = $"order is {paid.OrderStatus ?? "missing"}";
                outbox.Add(new PaymentSucceededAfterCancel(paymentId, orderId, payment.OutTradeNo, transaction.TransactionId, payment.AmountFen, paid.OrderStatus));
                break;
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (record.Outcome != NotificationOutcomes.Paid)
        {
            logger.LogError("WeChat Pay notification {Id}: payment {PaymentId} succeeded but the order is {OrderStatus} ({Outcome}); it needs a refund",
                notification.Id, payment.Id, paid.OrderStatus, record.Outcome);
        }

        return TypedResults.NoContent();
    }
}
