using System.ComponentModel.DataAnnotations;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Ordering.Contracts;
using Circula.Payments.Alipay;
using Circula.Payments.WeChatPay;
using Circula.Shared.Work;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Payments;

/// <summary>Bound from <c>Circula:Payments</c> (the providers have their own sub-sections).</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Circula:Payments";

    /// <summary>A payment Pending this long without a callback is queried at its provider, and again after as long while it stays unpaid.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ErrorMessage = "Circula:Payments:ReconcileAfter must be between 10 seconds and 1 day.")]
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Lost callbacks: claims payments that have been Pending for <see cref="PaymentsOptions.ReconcileAfter"/> (one replica each)
/// and has <see cref="PaymentReconciliation"/> ask their provider. The claim stamps <c>updated_at</c>, so a payment is
/// looked at again only after another <see cref="PaymentsOptions.ReconcileAfter"/>, and by one replica at a time.
/// </summary>
public sealed class PaymentReconciler(
    IServiceScopeFactory scopes, IOptions<PaymentsOptions> options, IOptions<WorkerOptions> workers, DatabaseOutage outage, ILogger<PaymentReconciler> logger)
    : PollingWorker(workers.Value, outage, logger)
{
    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        List<long> ids;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            ids = await ClaimAsync(scope.ServiceProvider.GetRequiredService<CirculaDbContext>(), now, now - options.Value.ReconcileAfter, Options.BatchSize, ct);
        }

        foreach (var id in ids)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PaymentReconciliation>().ReconcileAsync(id, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && !Outage.Report(e))
            {
                // One payment's failure must not hold up the rest of the batch; this one is looked at again after ReconcileAfter.
                logger.LogError(e, "Reconciling payment {PaymentId} failed; it is looked at again after {ReconcileAfter}", id, options.Value.ReconcileAfter);
            }
        }

        return ids.Count;
    }

    /// <summary>
    /// One statement stamps <c>updated_at</c> on a batch of payments Pending since <paramref name="cutoff"/> and returns them.
    /// PostgreSQL skips rows another replica is stamping (or a callback is paying); SQLite has one writer at a time.
    /// </summary>
    public static Task<List<long>> ClaimAsync(CirculaDbContext db, DateTime now, DateTime cutoff, int batchSize, CancellationToken ct)
    {
        var skipLocked = db.Database.IsSqlite() ? "" : " FOR UPDATE SKIP LOCKED";
        var sql = $"""
            UPDATE payments SET updated_at = @now
            WHERE id IN (
                SELECT id FROM payments
                WHERE status = 'Pending' AND updated_at <= @cutoff
                ORDER BY updated_at, id
                LIMIT @batch{skipLocked})
            AND status = 'Pending' AND updated_at <= @cutoff
            RETURNING id
            """;
        return db.QueryAsync(sql, r => r.GetInt64(0), ct, ("@now", now), ("@cutoff", cutoff), ("@batch", batchSize));
    }
}

/// <summary>What one look at a pending payment found.</summary>
public enum ReconcileResult
{
    /// <summary>Not live (Created or Pending) any more, or its provider is off: nothing asked.</summary>
    Skipped,

    /// <summary>The provider has not been paid (NOTPAY, WAIT_BUYER_PAY, no trade yet): look again later.</summary>
    StillPending,

    /// <summary>The provider's verified answer went through <see cref="PaymentNotificationProcessor"/> (paid or closed).</summary>
    Applied,

    /// <summary>No verified answer (network, signature, an unexpected state): look again later.</summary>
    Unknown,

    /// <summary>Still unpaid while its order can no longer be paid: closed at the provider (see <see cref="ProviderCloses"/>) instead of being asked about forever.</summary>
    Closed,
}

/// <summary>
/// Asks the provider about one pending payment (WeChat Pay query by out_trade_no, Alipay <c>alipay.trade.query</c>)
/// and hands a verified paid or closed answer to <see cref="PaymentNotificationProcessor"/>, the very step the notify
/// endpoints use, so a payment is marked Succeeded and its order Paid in one place only. The notice id is
/// <c>query:&lt;transaction id&gt;</c>: a late callback for the same transaction is then a recognised duplicate.
/// A payment still unpaid whose order can no longer be paid (its close on cancel failed for good, or it was started while
/// the order was being cancelled) is closed through <see cref="ProviderCloses"/>, so it is not asked about forever.
/// </summary>
public sealed class PaymentReconciliation(
    CirculaDbContext db, PaymentNotificationProcessor processor, IOrderPayments orders, IServiceProvider services, IOptions<WeChatPayOptions> wechat,
    IOptions<AlipayOptions> alipay, ILogger<PaymentReconciliation> logger)
{
    public const string EventType = "trade.query";

    public async Task<ReconcileResult> ReconcileAsync(long paymentId, CancellationToken ct)
    {
        var result = await ApplyProviderStateAsync(paymentId, ct);
        if (result != ReconcileResult.StillPending)
        {
            return result;
        }

        var payment = await db.Set<Payment>().AsNoTracking().SingleAsync(p => p.Id == paymentId, ct);
        if (await orders.GetPayableAsync(OrderId.From(payment.OrderId), UserId.From(payment.CustomerId), ct) is { IsPayable: true })
        {
            return result;
        }

        logger.LogInformation("Reconciliation: payment {PaymentId} ({Provider} {OutTradeNo}) is unpaid and its order cannot be paid any more; closing it",
            payment.Id, payment.Provider, payment.OutTradeNo);
        return await services.GetRequiredService<ProviderCloses>().CloseAsync(payment, ct) == PaymentStatus.Closed ? ReconcileResult.Closed : ReconcileResult.Applied;
    }

    /// <summary>Asks the provider about a live payment and applies a verified paid or closed answer; never closes anything itself.</summary>
    public async Task<ReconcileResult> ApplyProviderStateAsync(long paymentId, CancellationToken ct)
    {
        var payment = await db.Set<Payment>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId, ct);
        if (payment is null || !PaymentStateMachine.IsLive(payment.Status))
        {
            return ReconcileResult.Skipped;
        }

        var (result, notice) = payment.Provider switch
        {
            Payment.WeChatPay when wechat.Value.Enabled => await AskWeChatPayAsync(payment, ct),
            Payment.Alipay when alipay.Value.Enabled => await AskAlipayAsync(payment, ct),
            _ => (ReconcileResult.Skipped, null),
        };
        if (notice is null)
        {
            return result;
        }

        if (notice.OutTradeNo != payment.OutTradeNo)
        {
            logger.LogError("{Provider} answered the query for {OutTradeNo} about {Other}; ignored", payment.Provider, payment.OutTradeNo, notice.OutTradeNo);
            return ReconcileResult.Unknown;
        }

        var outcome = await processor.ProcessAsync(notice, ct);
        logger.LogWarning("Reconciliation: {Provider} reports {OutTradeNo} {State} with no callback received; applied ({Result} {Outcome})",
            payment.Provider, payment.OutTradeNo, notice.State, outcome.Result, outcome.Outcome);
        return outcome.Result == NoticeResult.Busy ? ReconcileResult.Unknown : ReconcileResult.Applied;
    }

    private async Task<(ReconcileResult, VerifiedPaymentNotice?)> AskWeChatPayAsync(Payment payment, CancellationToken ct)
    {
        var answer = await services.GetRequiredService<WeChatPayClient>().QueryByOutTradeNoAsync(payment.OutTradeNo, ct);
        if (answer.Value is not { } transaction)
        {
            logger.LogWarning("Reconciliation: WeChat Pay query for {OutTradeNo} gave no verified answer ({Kind} {Code}); looking again later",
                payment.OutTradeNo, answer.Error?.Kind, answer.Error?.Code);
            return (ReconcileResult.Unknown, null);
        }

        switch (transaction.TradeState)
        {
            case WeChatPayTransaction.Success:
                return (ReconcileResult.Applied, WeChatPayNotificationProcessor.Notice("query:" + transaction.TransactionId, EventType, transaction, wechat.Value));
            case WeChatPayTransaction.Closed:
                return (ReconcileResult.Applied, WeChatPayNotificationProcessor.Notice("query:closed:" + transaction.OutTradeNo, EventType, transaction, wechat.Value));
            case WeChatPayTransaction.NotPay or WeChatPayTransaction.UserPaying:
                return (ReconcileResult.StillPending, null);
            default:
                logger.LogWarning("Reconciliation: WeChat Pay reports {OutTradeNo} {State}; left pending for an operator", payment.OutTradeNo, transaction.TradeState);
                return (ReconcileResult.Unknown, null);
        }
    }

    private async Task<(ReconcileResult, VerifiedPaymentNotice?)> AskAlipayAsync(Payment payment, CancellationToken ct)
    {
        var answer = await services.GetRequiredService<AlipayClient>().QueryAsync(payment.OutTradeNo, ct);
        if (answer.Error is { Kind: AlipayErrorKind.Business, SubCode: AlipayError.TradeNotExist })
        {
            // The buyer never opened the cashier: there is no trade yet.
            return (ReconcileResult.StillPending, null);
        }

        if (answer.Value is not { } trade)
        {
            logger.LogWarning("Reconciliation: alipay.trade.query for {OutTradeNo} gave no verified answer ({Kind} {Code} {SubCode}); looking again later",
                payment.OutTradeNo, answer.Error?.Kind, answer.Error?.Code, answer.Error?.SubCode);
            return (ReconcileResult.Unknown, null);
        }

        var success = trade.TradeStatus is AlipayTradeStatus.TradeSuccess or AlipayTradeStatus.TradeFinished;
        var closed = trade.TradeStatus == AlipayTradeStatus.TradeClosed;
        if (!success && !closed)
        {
            return (trade.TradeStatus == AlipayTradeStatus.WaitBuyerPay ? ReconcileResult.StillPending : ReconcileResult.Unknown, null);
        }

        var state = trade.TradeStatus switch
        {
            AlipayTradeStatus.TradeFinished => "TRADE_FINISHED",
            AlipayTradeStatus.TradeSuccess => "TRADE_SUCCESS",
            _ => "TRADE_CLOSED",
        };
        var notice = new VerifiedPaymentNotice(Payment.Alipay, success ? "query:" + trade.TradeNo : "query:closed:" + trade.OutTradeNo, EventType, trade.OutTradeNo,
            trade.TradeNo, success, state, null,
            p => success && trade.TotalFen != p.AmountFen
                ? (NotificationOutcomes.AmountMismatch, $"total_amount {trade.TotalFen} fen, the payment is {p.AmountFen} fen")
                : null,
            closed);
        return (ReconcileResult.Applied, notice);
    }
}
