using Circula.Data;
using Circula.Ordering.Contracts;
using Circula.Payments.Contracts;
using Circula.Shared.Ids;
using Circula.Shared.Outbox;
using Circula.Shared.StateMachines;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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

/// <summary>What became of a provider's notification, and so what the provider should do with it.</summary>
public enum NoticeResult
{
    /// <summary>Processed now or before (or verified and of no concern): the provider may stop sending it.</summary>
    Processed,

    /// <summary>Verified but refused (unknown order, mismatch); recorded. <see cref="NoticeOutcome.Outcome"/> says why.</summary>
    Rejected,

    /// <summary>Lost a race and not yet processed: the provider should retry.</summary>
    Busy,

    /// <summary>Not verified (signature, time window, malformed): nothing stored. <see cref="NoticeOutcome.Outcome"/> is the reason code.</summary>
    Unverified,
}

/// <summary>
/// The one answer about a notification (<see cref="PaymentCallbacks"/> and the processors of payments and refunds): the
/// result, and the outcome recorded in payment_notifications or the reason it was refused (null when there is none).
/// Each notify endpoint turns it into its provider's wire answer.
/// </summary>
public sealed record NoticeOutcome(NoticeResult Result, string? Outcome)
{
    public static readonly NoticeOutcome Busy = new(NoticeResult.Busy, null);

    public static readonly NoticeOutcome Acknowledged = new(NoticeResult.Processed, null);

    /// <summary>A notification already recorded answers as it did the first time.</summary>
    public static NoticeOutcome Recorded(string outcome) => new(NotificationOutcomes.IsRejection(outcome) ? NoticeResult.Rejected : NoticeResult.Processed, outcome);
}

/// <summary>
/// The business half of every provider's payment callback and query answer: dedupe by (provider, notification id) and
/// (provider, transaction id), match, and in one transaction move the payment through its table and mark the order Paid
/// (or record why not). A notification already recorded is answered from its row before any transaction; copies of one
/// notification arriving together in this process are applied once (<see cref="NoticesInFlight"/>), so only copies in
/// other processes can still meet here, at the unique index.
/// </summary>
public sealed class PaymentNotificationProcessor(
    CirculaDbContext db, StateMachineEngine engine, IOrderPayments orders, Outbox outbox, SnowflakeIdGenerator ids, TimeProvider clock,
    ILogger<PaymentNotificationProcessor> logger)
{
    private static readonly UniqueIndex NotificationIndex = new("ux_payment_notifications_provider_id", "payment_notifications.provider, payment_notifications.notification_id");
    private static readonly UniqueIndex TransactionIndex = new("ux_payments_provider_transaction", "payments.provider, payments.provider_transaction_id");

    public async Task<NoticeOutcome> ProcessAsync(VerifiedPaymentNotice notice, CancellationToken ct)
    {
        // A redelivery of a notification already recorded costs one indexed read and no transaction.
        if (await RecordedOutcomeAsync(notice, ct) is { } recorded)
        {
            return NoticeOutcome.Recorded(recorded);
        }

        try
        {
            return await ApplyAsync(notice, ct);
        }
        catch (DbUpdateException e) when (NotificationIndex.IsViolatedBy(e) || TransactionIndex.IsViolatedBy(e) || e is DbUpdateConcurrencyException)
        {
            // A copy of this notification in another process (or another notification for this transaction) committed first.
            db.ChangeTracker.Clear();
            var twin = await RecordedOutcomeAsync(notice, ct);
            if (twin is not null || await db.Set<Payment>().AsNoTracking().AnyAsync(p => p.Provider == notice.Provider && p.OutTradeNo == notice.OutTradeNo &&
                    p.ProviderTransactionId == notice.TransactionId, ct))
            {
                logger.LogInformation("{Provider} notification {Id} for {OutTradeNo} lost a race to its twin; already processed", notice.Provider, notice.NotificationId,
                    notice.OutTradeNo);
                return twin is null ? NoticeOutcome.Acknowledged : NoticeOutcome.Recorded(twin);
            }

            logger.LogWarning("{Provider} notification {Id} for {OutTradeNo} conflicted and is not yet processed; the provider will retry", notice.Provider,
                notice.NotificationId, notice.OutTradeNo);
            return NoticeOutcome.Busy;
        }
    }

    private Task<string?> RecordedOutcomeAsync(VerifiedPaymentNotice notice, CancellationToken ct) =>
        db.Set<PaymentNotification>().AsNoTracking().Where(n => n.Provider == notice.Provider && n.NotificationId == notice.NotificationId)
            .Select(n => n.Outcome).FirstOrDefaultAsync(ct);

    private async Task<NoticeOutcome> ApplyAsync(VerifiedPaymentNotice notice, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var payment = await db.Set<Payment>().FirstOrDefaultAsync(p => p.Provider == notice.Provider && p.OutTradeNo == notice.OutTradeNo, ct);
        var record = new PaymentNotification
        {
            Id = ids.NextId(), Provider = notice.Provider, NotificationId = notice.NotificationId, EventType = notice.EventType,
            OutTradeNo = notice.OutTradeNo, ProviderTransactionId = notice.TransactionId, PaymentId = payment?.Id, Outcome = NotificationOutcomes.Ignored,
            ReceivedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Set<PaymentNotification>().Add(record);

        var anomaly = payment is null ? (NotificationOutcomes.UnknownOrder, $"no payment with out_trade_no {notice.OutTradeNo}") : notice.Match(payment);
        if (anomaly is { } found)
        {
            (record.Outcome, record.Detail) = found;
            await CommitAsync(tx, ct);
            logger.LogError("{Provider} notification {Id} ANOMALY {Outcome}: {Detail} (transaction {TransactionId}); state unchanged",
                notice.Provider, notice.NotificationId, record.Outcome, record.Detail, notice.TransactionId);
            return new NoticeOutcome(NoticeResult.Rejected, record.Outcome);
        }

        if (notice.IsClosed && !notice.IsSuccess)
        {
            record.Detail = $"trade state {notice.State}, payment was {payment!.Status}";
            if (payment.IsLive && engine.Apply(PaymentStateMachine.Machine, payment, PaymentTrigger.Close, Requester.System,
                    $"{notice.Provider} reports the trade {notice.State}").IsSuccess)
            {
                record.Outcome = NotificationOutcomes.Closed;
            }
        }
        else if (!notice.IsSuccess || notice.TransactionId is not { Length: > 0 } transactionId)
        {
            record.Detail = $"trade state {notice.State}";
        }
        else
        {
            await PayAsync(notice, payment!, transactionId, record, ct);
        }

        await CommitAsync(tx, ct);
        Log(notice, payment!, record);
        return new NoticeOutcome(NoticeResult.Processed, record.Outcome);
    }

    /// <summary>Money arrived for the payment: Succeed and pay the order, or record why the money pays nothing.</summary>
    private async Task PayAsync(VerifiedPaymentNotice notice, Payment payment, string transactionId, PaymentNotification record, CancellationToken ct)
    {
        if (payment.Status == PaymentStatus.Succeeded)
        {
            record.Outcome = payment.ProviderTransactionId == transactionId ? NotificationOutcomes.DuplicateTransaction : NotificationOutcomes.SecondTransaction;
            if (record.Outcome == NotificationOutcomes.SecondTransaction)
            {
                record.Detail = $"already paid by transaction {payment.ProviderTransactionId}";
                AlertUnapplied(payment, notice, transactionId, record);
            }

            return;
        }

        if (await db.Set<Payment>().AsNoTracking().FirstOrDefaultAsync(p => p.Provider == notice.Provider && p.ProviderTransactionId == transactionId, ct) is { } owner)
        {
            // Applying it would break the one-transaction-one-payment index on every delivery; the provider stops once answered.
            record.Outcome = NotificationOutcomes.TransactionOfAnotherPayment;
            record.Detail = $"transaction {transactionId} already paid payment {owner.Id} ({owner.OutTradeNo})";
            AlertUnapplied(payment, notice, transactionId, record);
            return;
        }

        if (!PaymentStateMachine.Machine.Decide(payment.Status, PaymentTrigger.Succeed, Actor.System).IsSuccess)
        {
            // Failed or Closed at our side, yet the provider took the money: keep the evidence, refund by hand.
            record.Outcome = NotificationOutcomes.SecondTransaction;
            record.Detail = $"payment is {payment.Status}";
            AlertUnapplied(payment, notice, transactionId, record);
            return;
        }

        payment.RecordTransaction(transactionId, notice.PayerOpenId);
        engine.Apply(PaymentStateMachine.Machine, payment, PaymentTrigger.Succeed, Requester.System, $"{notice.Provider} {transactionId}");
        await db.SaveChangesAsync(ct);

        var paid = await orders.MarkPaidAsync(OrderId.From(payment.OrderId), $"{notice.Provider} {transactionId}", ct);
        switch (paid.Outcome)
        {
            case MarkPaidOutcome.Paid:
                record.Outcome = NotificationOutcomes.Paid;
                break;
            case MarkPaidOutcome.AlreadyPaid:
                record.Outcome = NotificationOutcomes.OrderAlreadyPaid;
                record.Detail = $"order is {paid.OrderStatus}";
                AlertUnapplied(payment, notice, transactionId, record);
                break;
            default:
                record.Outcome = NotificationOutcomes.PaidAfterCancel;
                record.Detail = $"order is {paid.OrderStatus?.ToString() ?? "missing"}";
                outbox.Add(new PaymentSucceededAfterCancel(PaymentId.From(payment.Id), OrderId.From(payment.OrderId), payment.OutTradeNo, transactionId,
                    payment.AmountFen, paid.OrderStatus));
                break;
        }
    }

    private void Log(VerifiedPaymentNotice notice, Payment payment, PaymentNotification record)
    {
        switch (record.Outcome)
        {
            case NotificationOutcomes.SecondTransaction when payment.Status == PaymentStatus.Succeeded:
                logger.LogError("{Provider} notification {Id}: payment {PaymentId} already succeeded with transaction {Earlier}, now {TransactionId} paid it again",
                    notice.Provider, notice.NotificationId, payment.Id, payment.ProviderTransactionId, notice.TransactionId);
                break;
            case NotificationOutcomes.SecondTransaction:
                logger.LogError("{Provider} notification {Id}: money for payment {PaymentId} in status {Status}", notice.Provider, notice.NotificationId, payment.Id,
                    payment.Status);
                break;
            case NotificationOutcomes.TransactionOfAnotherPayment:
                logger.LogError("{Provider} notification {Id} ANOMALY for payment {PaymentId}: {Detail}; applied to neither", notice.Provider, notice.NotificationId,
                    payment.Id, record.Detail);
                break;
            case NotificationOutcomes.OrderAlreadyPaid or NotificationOutcomes.PaidAfterCancel:
                logger.LogError("{Provider} notification {Id}: payment {PaymentId} succeeded but the {Detail} ({Outcome}); it needs a refund",
                    notice.Provider, notice.NotificationId, payment.Id, record.Detail, record.Outcome);
                break;
        }
    }

    private void AlertUnapplied(Payment payment, VerifiedPaymentNotice notice, string transactionId, PaymentNotification record) =>
        outbox.Add(new PaymentMoneyUnapplied(PaymentId.From(payment.Id), OrderId.From(payment.OrderId), notice.Provider, payment.OutTradeNo, transactionId,
            payment.AmountFen, record.Outcome, record.Detail ?? ""));

    private async Task CommitAsync(IDbContextTransaction tx, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
