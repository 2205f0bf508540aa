using Circula.Shared.Work;
using Microsoft.Extensions.Options;

namespace Circula.Payments.Bills;

/// <summary>
/// The daily run, a round on the worker loop: once the China time of day passes <see cref="PaymentBillOptions.RunAfter"/>,
/// every replica makes sure a Pending report exists for yesterday's China day and each enabled provider with a bill (one
/// row per (provider, bill_date), so all of them together create one), then claims due reports: one replica runs a
/// report; a failed run is due again after <see cref="PaymentBillOptions.RetryEvery"/>.
/// </summary>
public sealed class BillReconciliationWorker(BillReconciliation reconciliation, BillSchedule schedule, TimeProvider clock, IOptions<PaymentBillOptions> options)
    : IScopedJob
{
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await ScheduleAsync(now, ct);
        var ids = await reconciliation.ClaimDueAsync(now.UtcDateTime, ct);
        foreach (var id in ids)
        {
            await reconciliation.RunAsync(id, ct);
        }

        return ids.Count;
    }

    private async Task ScheduleAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (!options.Value.Enabled || ChinaDay.TimeOfDay(now) < options.Value.RunAfter)
        {
            return;
        }

        var yesterday = ChinaDay.Of(now).AddDays(-1);
        if (schedule.ScheduledThrough >= yesterday)
        {
            return;
        }

        foreach (var provider in reconciliation.EnabledProviders)
        {
            await reconciliation.EnsureReportAsync(provider, yesterday, now.UtcDateTime, ct);
        }

        schedule.ScheduledThrough = yesterday;
    }
}

/// <summary>The last China day this process made sure of reports for: per process, only to skip a statement per round; the database row is what counts.</summary>
public sealed class BillSchedule
{
    public DateOnly ScheduledThrough { get; set; }
}
