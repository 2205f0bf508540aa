using System.Globalization;
using Circula.Data;
using Circula.Ordering.Contracts;
using Circula.Payments.Contracts;
using Circula.Shared.Ids;
using Circula.Shared.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Circula.Payments;

/// <summary>
/// A provider's callback after its signature verified (or its verified answer to a query, see <see cref="PaymentReconciliation"/>),
/// in provider-neutral terms. <see cref="Match"/> checks the stored payment against what the provider reports (merchant,
/// application, amount) and answers an anomaly outcome and detail, or null. <see cref="IsClosed"/>: the provider says
/// the trade is closed unpaid, so a live payment closes.
/// </summary>
public sealed record VerifiedPaymentNotice(
    string Provider, string NotificationId, string EventType, string OutTradeNo, string? TransactionId, bool IsSuccess, string State, string? PayerOpenId,
    Func<Payment, (string Outcome, string Detail)?> Match, bool IsClosed = false);

public enum NoticeResult
{
    /// <summary>Processed now or before: the provider may stop sending it.</summary>
    Processed,

    /// <summary>Verified but refused (unknown order, mismatch); recorded. <see cref="NoticeOutcome.Outcome"/> says why.</summary>
    Rejected,

    /// <summary>Lost a race and not yet processed: the provider should retry.</summary>
    Busy,
}

public sealed record NoticeOutcome(NoticeResult Result, string? Outcome = null)
{
    public static readonly NoticeOutcome Processed = new(NoticeResult.Processed);
}

/// <summary>
/// The business half of every provider's callback: dedupe by (provider, notification id) and (provider, transaction id),
/// match, and in one transaction mark the payment Succeeded and the order Paid (or record why not).
/// </summary>
public sealed class PaymentNotificationProcessor(
    CirculaDbContext db, IOrderPayments orders, Outbox outbox, SnowflakeIdGenerator ids, TimeProvider clock, ILogger<PaymentNotificationProcessor> logger)
{
    private static readonly UniqueIndex NotificationIndex = new("ux_payment_notifications_provider_id", "payment_notifications.provider, payment_notifications.notification_id");
    private static readonly UniqueIndex TransactionIndex = new("ux_payments_provider_transaction", "payments.provider, payments.provider_transaction_id");

    public async Task<NoticeOutcome> ProcessAsync(VerifiedPaymentNotice notice, CancellationToken ct)
    {
        try
        {
            return await ApplyAsync(notice, ct);
        }
        catch (DbUpdateException e) when (NotificationIndex.IsViolatedBy(e) || TransactionIndex.IsViolatedBy(e) || e is DbUpdateConcurrencyException)
        {
            // A concurrent copy of this notification (or another notification for this transaction) committed first.
            db.ChangeTracker.Clear();
            if (await db.Set<Payment>().AsNoTracking().AnyAsync(p => p.Provider == notice.Provider && p.OutTradeNo == notice.OutTradeNo &&
                    p.ProviderTransactionId == notice.TransactionId, ct))
            {
                logger.LogInformation("{Provider} notification {Id} for {OutTradeNo} lost a race to its twin; already processed", notice.Provider, notice.NotificationId,
                    notice.OutTradeNo);
                return NoticeOutcome.Processed;
            }

            logger.LogWarning("{Provider} notification {Id} for {OutTradeNo} conflicted and is not yet processed; the provider will retry", notice.Provider,
                notice.NotificationId, notice.OutTradeNo);
            return new NoticeOutcome(NoticeResult.Busy);
        }
    }

    private async Task<NoticeOutcome> ApplyAsync(VerifiedPaymentNotice notice, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var earlier = await db.Set<PaymentNotification>().AsNoTracking()
            .FirstOrDefaultAsync(n => n.Provider == notice.Provider && n.NotificationId == notice.NotificationId, ct);
        if (earlier is not null)
        {
            return NotificationOutcomes.IsRejection(earlier.Outcome) ? new NoticeOutcome(NoticeResult.Rejected, earlier.Outcome) : NoticeOutcome.Processed;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var payment = await db.Set<Payment>().FirstOrDefaultAsync(p => p.Provider == notice.Provider && p.OutTradeNo == notice.OutTradeNo, ct);
        var record = new PaymentNotification
        {
            Id = ids.NextId(), Provider = notice.Provider, NotificationId = notice.NotificationId, EventType = notice.EventType,
            OutTradeNo = notice.OutTradeNo, ProviderTransactionId = notice.TransactionId, PaymentId = payment?.Id, Outcome = NotificationOutcomes.Ignored,
            ReceivedAt = now,
        };
        db.Set<PaymentNotification>().Add(record);

        var anomaly = payment is null ? (NotificationOutcomes.UnknownOrder, $"no payment with out_trade_no {notice.OutTradeNo}") : notice.Match(payment);
        if (anomaly is { } found)
        {
            var (outcome, detail) = found;
            record.Outcome = outcome;
            record.Detail = detail;
            await CommitAsync(tx, ct);
            logger.LogError("{Provider} notification {Id} ANOMALY {Outcome}: {Detail} (transaction {TransactionId}); state unchanged",
                notice.Provider, notice.NotificationId, outcome, detail, notice.TransactionId);
            return new NoticeOutcome(NoticeResult.Rejected, outcome);
        }

        if (notice.IsClosed && !notice.IsSuccess)
        {
            record.Detail = $"trade state {notice.State}, payment was {payment!.Status}";
            if (PaymentStateMachine.IsLive(payment.Status) && PaymentStateMachine.Apply(payment, PaymentTrigger.Close, now) is null)
            {
                record.Outcome = NotificationOutcomes.Closed;
            }

            await CommitAsync(tx, ct);
            return NoticeOutcome.Processed;
        }

        if (!notice.IsSuccess || notice.TransactionId is not { Length: > 0 } transactionId)
        {
            record.Detail = $"trade state {notice.State}";
            await CommitAsync(tx, ct);
            return NoticeOutcome.Processed;
        }

        if (payment!.Status == PaymentStatus.Succeeded)
        {
            var same = payment.ProviderTransactionId == transactionId;
            record.Outcome = same ? NotificationOutcomes.DuplicateTransaction : NotificationOutcomes.SecondTransaction;
            if (!same)
            {
                record.Detail = $"already paid by transaction {payment.ProviderTransactionId}";
                AlertUnapplied(payment, notice, transactionId, record);
            }

            await CommitAsync(tx, ct);
            if (!same)
            {
                logger.LogError("{Provider} notification {Id}: payment {PaymentId} already succeeded with transaction {Earlier}, now {TransactionId} paid it again",
                    notice.Provider, notice.NotificationId, payment.Id, payment.ProviderTransactionId, transactionId);
            }

            return NoticeOutcome.Processed;
        }

        if (PaymentStateMachine.Apply(payment, PaymentTrigger.Succeed, now) is not null)
        {
            // Failed or Closed at our side, yet the provider took the money: keep the evidence, refund later.
            record.Outcome = NotificationOutcomes.SecondTransaction;
            record.Detail = $"payment is {payment.Status}";
            AlertUnapplied(payment, notice, transactionId, record);
            await CommitAsync(tx, ct);
            logger.LogError("{Provider} notification {Id}: money for payment {PaymentId} in status {Status}", notice.Provider, notice.NotificationId, payment.Id,
                payment.Status);
            return NoticeOutcome.Processed;
        }

        payment.ProviderTransactionId = transactionId;
        payment.PayerOpenId = notice.PayerOpenId ?? payment.PayerOpenId;
        await db.SaveChangesAsync(ct);

        var paid = await orders.MarkPaidAsync(OrderId.From(payment.OrderId), $"{notice.Provider} {transactionId}", ct);
        var (paymentId, orderId) = (PaymentId.From(payment.Id), OrderId.From(payment.OrderId));
        switch (paid.Outcome)
        {
            case MarkPaidOutcome.Paid:
                record.Outcome = NotificationOutcomes.Paid;
                outbox.Add(new PaymentSucceeded(paymentId, orderId, payment.OutTradeNo, transactionId, payment.AmountFen));
                break;
            case MarkPaidOutcome.AlreadyPaid:
                record.Outcome = NotificationOutcomes.OrderAlreadyPaid;
                record.Detail = $"order is {paid.OrderStatus}";
                AlertUnapplied(payment, notice, transactionId, record);
                break;
            default:
                // Automatic refunds come later; the event is what they will consume.
                record.Outcome = NotificationOutcomes.PaidAfterCancel;
                record.Detail = $"order is {paid.OrderStatus?.ToString() ?? "missing"}";
                outbox.Add(new PaymentSucceededAfterCancel(paymentId, orderId, payment.OutTradeNo, transactionId, payment.AmountFen, paid.OrderStatus));
                break;
        }

        await CommitAsync(tx, ct);
        if (record.Outcome != NotificationOutcomes.Paid)
        {
            logger.LogError("{Provider} notification {Id}: payment {PaymentId} succeeded but the order is {OrderStatus} ({Outcome}); it needs a refund",
                notice.Provider, notice.NotificationId, payment.Id, paid.OrderStatus, record.Outcome);
        }

        return NoticeOutcome.Processed;
    }

    private void AlertUnapplied(Payment payment, VerifiedPaymentNotice notice, string transactionId, PaymentNotification record) =>
        outbox.Add(new PaymentMoneyUnapplied(PaymentId.From(payment.Id), OrderId.From(payment.OrderId), notice.Provider, payment.OutTradeNo, transactionId, payment.AmountFen, record.Outcome, record.Detail ?? ""));

    private async Task CommitAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
