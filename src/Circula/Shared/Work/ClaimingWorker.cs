using Circula.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Circula.Shared.Work;

/// <summary>Bound from <c>Circula:Workers</c>: how often background workers look for due work.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Circula:Workers";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 50;

    /// <summary>A claim not finished by then is taken over by another worker (its owner is presumed dead).</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Turn off on replicas that should only serve HTTP.</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// A background loop that claims a batch of due rows of <see cref="Table"/> (see <see cref="WorkClaims"/>) on every
/// round of the <see cref="PollingWorker"/> loop and processes each row in its own scope. State lives in the
/// database, so a restart or a second replica loses nothing.
/// </summary>
public abstract class ClaimingWorker(IServiceScopeFactory scopes, WorkerOptions options, DatabaseOutage outage, ILogger logger)
    : PollingWorker(options, outage, logger)
{
    /// <summary>Unique per process, so claims show which replica holds them.</summary>
    public static readonly string InstanceName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    protected abstract string Table { get; }

    /// <summary>SQL condition for a due row; may use @now.</summary>
    protected abstract string DueCondition { get; }

    protected abstract string OrderBy { get; }

    /// <summary>
    /// Runs before every claim, in the claim's scope: a worker whose rows come from a schedule (a daily run) creates
    /// the due row here, idempotently, since every replica does it.
    /// </summary>
    protected virtual Task ScheduleAsync(IServiceProvider services, DateTime now, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Processes one claimed row in its own scope.</summary>
    protected abstract Task ProcessAsync(IServiceProvider services, long id, CancellationToken ct);

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        List<long> ids;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            await ScheduleAsync(scope.ServiceProvider, now, ct);
            ids = await WorkClaims.ClaimAsync(scope.ServiceProvider.GetRequiredService<Data.CirculaDbContext>(), Table, DueCondition, OrderBy,
                InstanceName, now, Options.ClaimTimeout, Options.BatchSize, ct);
        }

        foreach (var id in ids)
        {
            await using var scope = scopes.CreateAsyncScope();
            await ProcessAsync(scope.ServiceProvider, id, ct);
        }

        return ids.Count;
    }
}
