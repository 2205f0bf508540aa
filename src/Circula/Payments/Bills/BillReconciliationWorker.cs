using Circula.Data;
using Circula.Shared.Work;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Payments.Bills;

/// <summary>
/// The daily run: once the China time of day passes <see cref="PaymentBillOptions.RunAfter"/>, every replica makes
/// sure a Pending report exists for yesterday's China day and each enabled provider with a bill (one row per
/// (provider, bill_date), so all of them together create one), then claims due reports like every
/// <see cref="ClaimingWorker"/>: one replica runs a report; a failed run is due again after
/// <see cref="PaymentBillOptions.RetryEvery"/>.
/// </summary>
public sealed class BillReconciliationWorker(
    IServiceScopeFactory scopes, IOptions<WorkerOptions> workers, IOptions<PaymentBillOptions> options, DatabaseOutage outage, ILogger<BillReconciliationWorker> logger)
    : ClaimingWorker(scopes, workers.Value, outage, logger)
{
    // Per process, only to skip a statement per tick; the database row is what counts.
    private DateOnly _scheduledThrough;

    protected override string Table => "payment_bill_reports";

    protected override string DueCondition => "status = 'Pending' AND due_at <= @now";

    protected override string OrderBy => "due_at, id";

    protected override async Task ScheduleAsync(IServiceProvider services, DateTime now, CancellationToken ct)
    {
        var at = new DateTimeOffset(now, TimeSpan.Zero);
        if (!options.Value.Enabled || ChinaDay.TimeOfDay(at) < options.Value.RunAfter)
        {
            return;
        }

        var yesterday = ChinaDay.Of(at).AddDays(-1);
        if (_scheduledThrough >= yesterday)
        {
            return;
        }

        var reconciliation = services.GetRequiredService<BillReconciliation>();
        foreach (var provider in reconciliation.EnabledProviders)
        {
            await reconciliation.EnsureReportAsync(provider, yesterday, now, ct);
        }

        _scheduledThrough = yesterday;
    }

    protected override async Task ProcessAsync(IServiceProvider services, long id, CancellationToken ct) =>
        await services.GetRequiredService<BillReconciliation>().RunAsync(id, ct);
}
