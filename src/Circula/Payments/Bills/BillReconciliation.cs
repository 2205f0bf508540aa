using Circula.Data;
using Circula.Payments.Contracts;
using Circula.Payments.Providers;
using Circula.Shared.Ids;
using Circula.Shared.Outbox;
using Circula.Shared.Results;
using Circula.Shared.Work;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Payments.Bills;

/// <summary>The report after a run, and the reason when the run failed.</summary>
public sealed record BillRunOutcome(PaymentBillReport Report, BillUnavailableException? Error);

/// <summary>
/// Runs one bill report: download the provider's bill, compare it with our payments and refunds
/// (<see cref="BillComparison"/>), and store counts, totals and discrepancies in one transaction together with the
/// operator alert. It only reports: no payment or refund is ever changed from a bill (see docs/payments.md).
/// </summary>
public sealed class BillReconciliation(
    CirculaDbContext db, PaymentProviders providers, Outbox outbox, SnowflakeIdGenerator ids, TimeProvider clock,
    IOptions<PaymentBillOptions> options, IOptions<WorkerOptions> workers, ILogger<BillReconciliation> logger)
{
    public const string NotAvailable = "bill_date_not_available";
    public const string NotSupported = "bill_not_supported";
    public const string RunInProgress = "bill_run_in_progress";

    private const string Table = "payment_bill_reports";

    /// <summary>The providers whose bills this server can fetch now.</summary>
    public IEnumerable<string> EnabledProviders => providers.Enabled.Where(p => p.Bills is not null).Select(p => p.Info.Name);

    /// <summary>
    /// An operator runs one provider's bill of one China day now (again, if it ran): the report, or why not: the day is not
    /// over yet, the provider is not configured or has no bill, a run of it is going on, or the bill could not be had or
    /// trusted (<see cref="BillUnavailableException"/>'s code; nothing is stored as completed).
    /// </summary>
    public async Task<Result<PaymentBillReport>> RunDateAsync(string provider, DateOnly billDate, CancellationToken ct)
    {
        var today = ChinaDay.Of(clock.GetUtcNow());
        if (billDate >= today)
        {
            return DomainError.Invalid(NotAvailable, $"The bill of {ChinaDay.ToText(billDate)} is not complete yet: today in China is {ChinaDay.ToText(today)}.",
                new Dictionary<string, string[]>(StringComparer.Ordinal) { ["billDate"] = ["must be before today (China time)."] });
        }

        var found = providers.Get(provider);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        if (found.Value.Bills is null)
        {
            return DomainError.Invalid(NotSupported, $"Bills of {provider} are not compared yet (see docs/payments.md).");
        }

        var (id, claimed) = await ClaimForRunAsync(provider, billDate, ct);
        if (!claimed)
        {
            return DomainError.Conflict(RunInProgress, $"The {provider} bill of {ChinaDay.ToText(billDate)} is being reconciled right now; read report {id} shortly.");
        }

        var outcome = await RunAsync(id, ct);
        return outcome.Error is { } error ? DomainError.Upstream(error.Code, error.Message) : outcome.Report;
    }

    /// <summary>The report of (provider, day), created Pending and due at <paramref name="dueAt"/> unless it exists; its id.</summary>
    public async Task<long> EnsureReportAsync(string provider, DateOnly billDate, DateTime dueAt, CancellationToken ct) =>
        (await InsertAsync(provider, billDate, dueAt, claim: false, ct)).Id;

    /// <summary>
    /// Claims the report of (provider, day) for a run now, whatever its status, creating it (already claimed, so no worker
    /// takes it first) when there is none. Claimed is false while another run holds it.
    /// </summary>
    private async Task<(long Id, bool Claimed)> ClaimForRunAsync(string provider, DateOnly billDate, CancellationToken ct)
    {
        var (id, inserted) = await InsertAsync(provider, billDate, clock.GetUtcNow().UtcDateTime, claim: true, ct);
        return (id, inserted || await TryClaimAsync(id, ct));
    }

    private async Task<(long Id, bool Inserted)> InsertAsync(string provider, DateOnly billDate, DateTime dueAt, bool claim, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // The unique (provider, bill_date) makes concurrent inserts from replicas and operators end in one row.
        var inserted = await db.ExecuteAsync("""
            INSERT INTO payment_bill_reports (id, provider, bill_date, status, due_at, attempts, created_at, updated_at, claimed_by, claimed_until)
            VALUES (@id, @provider, @date, 'Pending', @due, 0, @now, @now, @owner, @until)
            ON CONFLICT (provider, bill_date) DO NOTHING
            """, ct, ("@id", ids.NextId()), ("@provider", provider), ("@date", billDate), ("@due", dueAt), ("@now", now),
            ("@owner", claim ? WorkClaims.InstanceName : null), ("@until", claim ? now + workers.Value.ClaimTimeout : null));
        var id = await db.Set<PaymentBillReport>().Where(r => r.Provider == provider && r.BillDate == billDate).Select(r => r.Id).SingleAsync(ct);
        return (id, inserted == 1);
    }

    /// <summary>Claims the report for a run now, whatever its status; false while another run holds it.</summary>
    private async Task<bool> TryClaimAsync(long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.QueryAsync("""
            UPDATE payment_bill_reports SET claimed_by = @owner, claimed_until = @until
            WHERE id = @id AND (claimed_until IS NULL OR claimed_until < @now)
            RETURNING id
            """, r => r.GetInt64(0), ct, ("@owner", WorkClaims.InstanceName), ("@until", now + workers.Value.ClaimTimeout), ("@now", now), ("@id", id));
        return claimed.Count == 1;
    }

    /// <summary>Claims a batch of Pending reports that are due (one replica each), like every claiming worker.</summary>
    public Task<List<long>> ClaimDueAsync(DateTime now, CancellationToken ct) =>
        WorkClaims.ClaimAsync(db, Table, "status = 'Pending' AND due_at <= @now", "due_at, id", WorkClaims.InstanceName, now, workers.Value.ClaimTimeout,
            workers.Value.BatchSize, ct);

    /// <summary>Runs a report this caller has claimed, and releases the claim.</summary>
    public async Task<BillRunOutcome> RunAsync(long id, CancellationToken ct)
    {
        var report = await db.Set<PaymentBillReport>().SingleAsync(r => r.Id == id, ct);
        var source = providers.Find(report.Provider)?.Bills;
        try
        {
            var bill = source is null
                ? throw new BillUnavailableException(BillUnavailableException.ProviderError, $"{report.Provider} is not configured on this server, or has no bill to fetch.")
                : await source.FetchAsync(report.BillDate, ct);
            await CompleteAsync(report, bill, ct);
            return new BillRunOutcome(report, null);
        }
        catch (BillUnavailableException e)
        {
            await FailAsync(report, e, ct);
            return new BillRunOutcome(report, e);
        }
    }

    private async Task CompleteAsync(PaymentBillReport report, ProviderBill bill, CancellationToken ct)
    {
        var (start, end) = ChinaDay.WindowUtc(report.BillDate);
        var tradeNos = bill.Payments.Select(l => l.OutTradeNo).Distinct().ToList();
        var payments = await db.Set<Payment>().AsNoTracking()
            .Where(p => p.Provider == report.Provider &&
                (tradeNos.Contains(p.OutTradeNo) || (p.Status == PaymentStatus.Succeeded && p.SucceededAt >= start && p.SucceededAt < end)))
            .Select(p => new LocalPayment(p.Id, p.OutTradeNo, p.ProviderTransactionId, p.AmountFen, p.Status, p.SucceededAt)).ToListAsync(ct);
        var refundNos = bill.Refunds.Select(l => l.OutRefundNo).Distinct().ToList();
        var refunds = await db.Set<Refund>().AsNoTracking()
            .Join(db.Set<Payment>(), r => r.PaymentId, p => p.Id, (r, p) => new { Refund = r, p.Provider })
            .Where(x => x.Provider == report.Provider &&
                (refundNos.Contains(x.Refund.OutRefundNo) || (x.Refund.Status == RefundStatus.Succeeded && x.Refund.SucceededAt >= start && x.Refund.SucceededAt < end)))
            .Select(x => new LocalRefund(x.Refund.Id, x.Refund.OutRefundNo, x.Refund.AmountFen, x.Refund.Status, x.Refund.SucceededAt)).ToListAsync(ct);
        var result = BillComparison.Compare(bill, payments, refunds);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Set<PaymentBillDiscrepancy>().Where(d => d.ReportId == report.Id).ExecuteDeleteAsync(ct);
        foreach (var discrepancy in result.Discrepancies)
        {
            discrepancy.Id = ids.NextId();
            discrepancy.ReportId = report.Id;
            db.Add(discrepancy);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        (report.BillPaymentCount, report.BillPaymentFen, report.BillRefundCount, report.BillRefundFen) =
            (result.BillPaymentCount, result.BillPaymentFen, result.BillRefundCount, result.BillRefundFen);
        (report.LocalPaymentCount, report.LocalPaymentFen, report.LocalRefundCount, report.LocalRefundFen) =
            (result.LocalPaymentCount, result.LocalPaymentFen, result.LocalRefundCount, result.LocalRefundFen);
        (report.MatchedCount, report.DiscrepancyCount, report.BillSha1) = (result.MatchedCount, result.Discrepancies.Count, bill.Sha1);
        (report.Status, report.CompletedAt, report.LastError) = (BillReportStatus.Completed, now, null);
        Finish(report, now);
        if (result.Discrepancies.Count > 0)
        {
            var kinds = result.Discrepancies.GroupBy(d => $"{d.Subject}.{d.Kind}").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            outbox.Add(new PaymentBillDiscrepanciesFound(BillReportId.From(report.Id), report.Provider,
                ChinaDay.ToText(report.BillDate), result.Discrepancies.Count, kinds));
            logger.LogError("Bill reconciliation {Provider} {BillDate}: {Count} discrepancies ({Kinds}); see report {ReportId}", report.Provider,
                ChinaDay.ToText(report.BillDate), result.Discrepancies.Count, string.Join(", ", kinds.Select(k => $"{k.Key} {k.Value}")), report.Id);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private async Task FailAsync(PaymentBillReport report, BillUnavailableException error, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        report.LastError = $"{error.Code}: {error.Message}";
        Finish(report, now);
        // A failed re-run leaves an earlier completed comparison as it was; a report never completed is retried.
        if (report.Status == BillReportStatus.Pending)
        {
            report.DueAt = now + options.Value.RetryEvery;
            if (report.Attempts >= options.Value.MaxAttempts)
            {
                report.Status = BillReportStatus.Failed;
                outbox.Add(new PaymentBillReconciliationFailed(BillReportId.From(report.Id), report.Provider,
                    ChinaDay.ToText(report.BillDate), report.Attempts, report.LastError));
            }
        }

        logger.LogWarning("Bill reconciliation {Provider} {BillDate} failed (attempt {Attempts}, now {Status}): {Error}", report.Provider,
            ChinaDay.ToText(report.BillDate), report.Attempts, report.Status, report.LastError);
        await db.SaveChangesAsync(ct);
    }

    private static void Finish(PaymentBillReport report, DateTime now)
    {
        report.Attempts++;
        report.UpdatedAt = now;
        report.ClaimedBy = null;
        report.ClaimedUntil = null;
    }
}
