using Circula.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Circula.Shared.Work;

/// <summary>
/// The loop every background worker shares: one round on each <see cref="WorkerOptions.PollInterval"/> tick, and
/// another at once while a round comes back with a full batch. A failed round is logged and retried on the next tick:
/// the work is still in the database. An unavailable database is an expected condition: <see cref="DatabaseOutage"/> logs
/// it once, with no stack trace. Registered with <see cref="WorkerRegistration.AddWorker{T}"/>, it starts once the server listens.
/// </summary>
public abstract class PollingWorker(WorkerOptions options, DatabaseOutage outage, ILogger logger) : BackgroundService
{
    protected WorkerOptions Options => options;

    protected DatabaseOutage Outage => outage;

    /// <summary>One round; answers how many rows it took (a full <see cref="WorkerOptions.BatchSize"/> means more may be due).</summary>
    protected abstract Task<int> RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.PollInterval);
        do
        {
            try
            {
                while (await RunOnceAsync(stoppingToken) >= options.BatchSize && !stoppingToken.IsCancellationRequested)
                {
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!outage.Report(e))
                {
                    logger.LogError(e, "{Worker} failed; retrying on the next tick", GetType().Name);
                }
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
