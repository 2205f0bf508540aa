using System.ComponentModel.DataAnnotations;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Ordering.Contracts;
using Circula.Payments.Contracts;
using Circula.Shared.Work;
using Microsoft.EntityFrameworkCore;
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
/// Lost callbacks: each round claims payments that have been Pending for <see cref="PaymentsOptions.ReconcileAfter"/> (one
/// replica each) and has <see cref="PaymentReconciliation"/> ask their provider. The claim stamps <c>updated_at</c>, so a
/// payment is looked at again only after another <see cref="PaymentsOptions.ReconcileAfter"/>, and by one replica at a time.
/// </summary>
public sealed class PaymentReconciler(
    CirculaDbContext db, PaymentReconciliation reconciliation, TimeProvider clock, IOptions<PaymentsOptions> options, IOptions<WorkerOptions> workers,
    DatabaseOutage outage, ILogger<PaymentReconciler> logger) : IScopedJob
{
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = await ClaimAsync(db, now, now - options.Value.ReconcileAfter, workers.Value.BatchSize, ct);
        foreach (var id in ids)
        {
            try
            {
                await reconciliation.ReconcileAsync(id, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && !outage.Report(e))
            {
                // One payment's failure must not hold up the rest of the batch (nor leave its entities to the next one's
                // save); this one is looked at again after ReconcileAfter. An outage ends the round: the loop reports it once.
                db.ChangeTracker.Clear();
                logger.LogError(e, "Reconciling payment {PaymentId} failed; it is looked at again after {ReconcileAfter}", id, options.Value.ReconcileAfter);
            }
        }

        return ids.Count;
    }

    /// <summary>
    /// One statement stamps <c>updated_at</c> on a batch of payments Pending since <paramref name="cutoff"/> and returns them.
    /// PostgreSQL skips rows another replica is stamping (or a callback is paying); SQLite has one writer at a time.
    /// </summary>
    private static Task<List<long>> ClaimAsync(CirculaDbContext db, DateTime now, DateTime cutoff, int batchSize, CancellationToken ct)
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
/// One look at a pending payment: its provider's verified answer is applied (<see cref="TradeQueries"/>); a payment still
/// unpaid whose order can no longer be paid (its close on cancel failed for good, or it was started while the order was
/// being cancelled) is closed through <see cref="ProviderCloses"/>, so it is not asked about forever.
/// </summary>
public sealed class PaymentReconciliation(
    CirculaDbContext db, TradeQueries queries, ProviderCloses closes, IOrderPayments orders, ILogger<PaymentReconciliation> logger)
{
    public async Task<ReconcileResult> ReconcileAsync(long paymentId, CancellationToken ct)
    {
        var result = await queries.ApplyProviderStateAsync(paymentId, ct);
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
        return await closes.CloseAsync(payment, ct) == PaymentStatus.Closed ? ReconcileResult.Closed : ReconcileResult.Applied;
    }
}
