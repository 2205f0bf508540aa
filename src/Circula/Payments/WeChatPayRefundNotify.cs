using System.Globalization;
using Circula.Data;
using Circula.Payments.WeChatPay;
using Circula.Shared.Ids;
using Circula.Shared.StateMachines;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Payments;

/// <summary>
/// The business half of WeChat Pay's refund callback: dedupe by notification id (payment_notifications, as payments do),
/// match out_refund_no, merchant, out_trade_no and both amounts, and finish the refund with its operator alert in one
/// transaction. REFUND.SUCCESS for a refund still Requested (our refund call's answer not yet stored) finishes it too.
/// </summary>
public sealed class WeChatPayRefundNotificationProcessor(
    CirculaDbContext db, StateMachineEngine engine, SnowflakeIdGenerator ids, TimeProvider clock, IOptions<WeChatPayOptions> options,
    ILogger<WeChatPayRefundNotificationProcessor> logger)
{
    private const int Attempts = 3;
    private static readonly UniqueIndex NotificationIndex = new("ux_payment_notifications_provider_id", "payment_notifications.provider, payment_notifications.notification_id");

    public async Task<IResult> ProcessAsync(WeChatPayNotification notification, WeChatPayRefundNotice notice, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyAsync(notification, notice, ct);
            }
            catch (DbUpdateException e) when (attempt < Attempts && (e is DbUpdateConcurrencyException || NotificationIndex.IsViolatedBy(e)))
            {
                // Our own refund call stored its answer, or a twin of this notification committed, meanwhile: look again.
                db.ChangeTracker.Clear();
                logger.LogInformation("WeChat Pay refund notification {Id} for {OutRefundNo} conflicted (attempt {Attempt}); applying it again", notification.Id,
                    notice.OutRefundNo, attempt);
            }
            catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || NotificationIndex.IsViolatedBy(e))
            {
                db.ChangeTracker.Clear();
                logger.LogWarning("WeChat Pay refund notification {Id} for {OutRefundNo} still conflicts; WeChat Pay will retry", notification.Id, notice.OutRefundNo);
                return WeChatPayNotify.Fail(StatusCodes.Status500InternalServerError, "busy, retry");
            }
        }
    }

    private async Task<IResult> ApplyAsync(WeChatPayNotification notification, WeChatPayRefundNotice notice, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var earlier = await db.Set<PaymentNotification>().AsNoTracking()
            .FirstOrDefaultAsync(n => n.Provider == Payment.WeChatPay && n.NotificationId == notification.Id, ct);
        if (earlier is not null)
        {
            return NotificationOutcomes.IsRejection(earlier.Outcome) ? WeChatPayNotify.Fail(StatusCodes.Status400BadRequest, earlier.Outcome) : TypedResults.NoContent();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var refund = await db.Set<Refund>().FirstOrDefaultAsync(r => r.OutRefundNo == notice.OutRefundNo, ct);
        var payment = refund is null ? null : await db.Set<Payment>().AsNoTracking().SingleAsync(p => p.Id == refund.PaymentId, ct);
        var record = new PaymentNotification
        {
            Id = ids.NextId(), Provider = Payment.WeChatPay, NotificationId = notification.Id, EventType = notification.EventType, OutTradeNo = notice.OutTradeNo,
            ProviderTransactionId = notice.TransactionId, PaymentId = payment?.Id, Outcome = NotificationOutcomes.Ignored,
            Detail = $"refund {notice.OutRefundNo} {notice.RefundStatus}",
        };
        record.ReceivedAt = now;
        db.Set<PaymentNotification>().Add(record);

        if (Match(notice, refund, payment) is { } anomaly)
        {
            (record.Outcome, record.Detail) = anomaly;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            logger.LogError("WeChat Pay refund notification {Id} ANOMALY {Outcome}: {Detail}; state unchanged", notification.Id, anomaly.Outcome, anomaly.Detail);
            return WeChatPayNotify.Fail(StatusCodes.Status400BadRequest, anomaly.Outcome);
        }

        bool? succeeded = notification.EventType switch
        {
            WeChatPayNotification.RefundSuccess when notice.RefundStatus == WeChatPayRefund.Success => true,
            WeChatPayNotification.RefundAbnormal or WeChatPayNotification.RefundClosed => false,
            _ => null,
        };
        if (succeeded is { } success)
        {
            refund!.RecordProviderRefundId(notice.RefundId);
            var moved = engine.Apply(RefundStateMachine.Machine, refund, success ? RefundTrigger.Succeed : RefundTrigger.Fail, Requester.System,
                $"WeChat Pay {notification.EventType}").IsSuccess;
            record.Outcome = !moved ? NotificationOutcomes.RefundAlreadyFinished : success ? NotificationOutcomes.Refunded : NotificationOutcomes.RefundFailed;
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (record.Outcome == NotificationOutcomes.RefundFailed)
        {
            logger.LogError("WeChat Pay refund {OutRefundNo} of payment {PaymentId} failed ({EventType}): it must be refunded by hand", notice.OutRefundNo,
                payment!.Id, notification.EventType);
        }

        return TypedResults.NoContent();
    }

    private (string Outcome, string Detail)? Match(WeChatPayRefundNotice notice, Refund? refund, Payment? payment)
    {
        if (refund is null || payment is null)
        {
            return (NotificationOutcomes.UnknownRefund, $"no refund with out_refund_no {notice.OutRefundNo}");
        }

        if (notice.MchId != options.Value.MchId)
        {
            return (NotificationOutcomes.MerchantMismatch, $"mchid {notice.MchId} is not ours");
        }

        if (notice.OutTradeNo != payment.OutTradeNo || notice.Amount.Refund != refund.AmountFen || notice.Amount.Total != payment.AmountFen)
        {
            return (NotificationOutcomes.AmountMismatch, string.Create(CultureInfo.InvariantCulture,
                $"{notice.OutTradeNo} refund {notice.Amount.Refund} of {notice.Amount.Total} fen; ours is {payment.OutTradeNo} refund {refund.AmountFen} of {payment.AmountFen} fen"));
        }

        return null;
    }
}
