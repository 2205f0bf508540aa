using Circula.Data;
using Circula.Shared.Ids;
using Circula.Shared.StateMachines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Circula.Payments;

/// <summary>
/// A provider's verified refund result, in provider-neutral terms: <see cref="Succeeded"/> true (the money is back), false
/// (the provider gave up), or null (nothing to finish). <see cref="Match"/> checks the stored refund and its payment against
/// what the provider reports and answers an anomaly outcome and detail, or null.
/// </summary>
public sealed record VerifiedRefundNotice(
    string Provider, string NotificationId, string EventType, string OutRefundNo, string? OutTradeNo, string? TransactionId, string? ProviderRefundId,
    bool? Succeeded, string State, Func<Refund, Payment, (string Outcome, string Detail)?> Match);

/// <summary>
/// The business half of a provider's refund callback: dedupe by notification id (payment_notifications, as payments do),
/// match, and finish the refund through its table (its event is the operator's alert) in one transaction. A success
/// for a refund still Requested (our refund call's answer not yet stored) finishes it too.
/// </summary>
public sealed class RefundNotificationProcessor(
    CirculaDbContext db, StateMachineEngine engine, SnowflakeIdGenerator ids, TimeProvider clock, ILogger<RefundNotificationProcessor> logger)
{
    private const int Attempts = 3;
    private static readonly UniqueIndex NotificationIndex = new("ux_payment_notifications_provider_id", "payment_notifications.provider, payment_notifications.notification_id");

    public async Task<NoticeOutcome> ProcessAsync(VerifiedRefundNotice notice, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyAsync(notice, ct);
            }
            catch (DbUpdateException e) when (attempt < Attempts && (e is DbUpdateConcurrencyException || NotificationIndex.IsViolatedBy(e)))
            {
                // Our own refund call stored its answer, or a twin of this notification committed, meanwhile: look again.
                db.ChangeTracker.Clear();
                logger.LogInformation("{Provider} refund notification {Id} for {OutRefundNo} conflicted (attempt {Attempt}); applying it again", notice.Provider,
                    notice.NotificationId, notice.OutRefundNo, attempt);
            }
            catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || NotificationIndex.IsViolatedBy(e))
            {
                db.ChangeTracker.Clear();
                logger.LogWarning("{Provider} refund notification {Id} for {OutRefundNo} still conflicts; the provider will retry", notice.Provider,
                    notice.NotificationId, notice.OutRefundNo);
                return NoticeOutcome.Busy;
            }
        }
    }

    private async Task<NoticeOutcome> ApplyAsync(VerifiedRefundNotice notice, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var earlier = await db.Set<PaymentNotification>().AsNoTracking()
            .FirstOrDefaultAsync(n => n.Provider == notice.Provider && n.NotificationId == notice.NotificationId, ct);
        if (earlier is not null)
        {
            return NoticeOutcome.Recorded(earlier.Outcome);
        }

        var refund = await db.Set<Refund>().FirstOrDefaultAsync(r => r.OutRefundNo == notice.OutRefundNo && r.Provider == notice.Provider, ct);
        var payment = refund is null ? null : await db.Set<Payment>().AsNoTracking().SingleAsync(p => p.Id == refund.PaymentId, ct);
        var record = new PaymentNotification
        {
            Id = ids.NextId(), Provider = notice.Provider, NotificationId = notice.NotificationId, EventType = notice.EventType, OutTradeNo = notice.OutTradeNo,
            ProviderTransactionId = notice.TransactionId, PaymentId = payment?.Id, Outcome = NotificationOutcomes.Ignored,
            Detail = $"refund {notice.OutRefundNo} {notice.State}", ReceivedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Set<PaymentNotification>().Add(record);

        var anomaly = refund is null || payment is null ? (NotificationOutcomes.UnknownRefund, $"no refund with out_refund_no {notice.OutRefundNo}") : notice.Match(refund, payment);
        if (anomaly is { } found)
        {
            (record.Outcome, record.Detail) = found;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            logger.LogError("{Provider} refund notification {Id} ANOMALY {Outcome}: {Detail}; state unchanged", notice.Provider, notice.NotificationId,
                record.Outcome, record.Detail);
            return new NoticeOutcome(NoticeResult.Rejected, record.Outcome);
        }

        if (notice.Succeeded is { } success)
        {
            refund!.RecordProviderRefundId(notice.ProviderRefundId);
            var moved = engine.Apply(RefundStateMachine.Machine, refund, success ? RefundTrigger.Succeed : RefundTrigger.Fail, Requester.System,
                $"{notice.Provider} {notice.EventType}").IsSuccess;
            record.Outcome = !moved ? NotificationOutcomes.RefundAlreadyFinished : success ? NotificationOutcomes.Refunded : NotificationOutcomes.RefundFailed;
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (record.Outcome == NotificationOutcomes.RefundFailed)
        {
            logger.LogError("{Provider} refund {OutRefundNo} of payment {PaymentId} failed ({EventType}): it must be refunded by hand", notice.Provider,
                notice.OutRefundNo, payment!.Id, notice.EventType);
        }

        return new NoticeOutcome(NoticeResult.Processed, record.Outcome);
    }
}
