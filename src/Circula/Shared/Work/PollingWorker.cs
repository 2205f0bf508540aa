using Circula.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Circula.Shared.Work;

/// <summary>
/// The loop every background worker shares: one round on each tick of its interval (<see cref="WorkerOptions.PollInterval"/>
/// unless a job asks for another), and another at once while a round comes back with a full batch. A failed round is
/// logged and retried on the next tick: the work is still in the database. An unavailable database is an expected
/// condition: <see cref="DatabaseOutage"/> logs it once, with no stack trace. Registered with
/// <see cref="WorkerRegistration.AddWorker{T}"/>, it starts once the server listens.
/// </summary>
public abstract class PollingWorker(WorkerOptions options, TimeSpan interval, DatabaseOutage outage, ILogger logger) : BackgroundService
{
    /// <summary>How long a round waits for the next; read when the loop starts.</summary>
    protected virtual TimeSpan Interval => interval;

    /// <summary>A round that took this many rows was full: the next one starts at once.</summary>
    protected virtual int BatchSize => options.BatchSize;

    /// <summary>What the log calls this worker: the job it runs.</summary>
    protected abstract string Name { get; }

    /// <summary>One round; answers how many rows it took (a full <see cref="BatchSize"/> means more may be due).</summary>
    protected abstract Task<int> RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                while (await RunOnceAsync(stoppingToken) >= BatchSize && !stoppingToken.IsCancellationRequested)
                {
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!outage.Report(e))
                {
                    logger.LogError(e, "{Worker} failed; retrying on the next tick", Name);
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
