using Circula.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
/// Work kept as rows of one table that replicas share through claims (durable timers, outbox messages): a scoped
/// service with its dependencies injected, which processes one claimed row. <see cref="ClaimingWorker{TWork}"/> runs it.
/// </summary>
public interface IClaimedWork
{
    /// <summary>The table (with id, claimed_by and claimed_until columns), which of its rows are due, and in which order.</summary>
    static abstract WorkTable Table { get; }

    /// <summary>Processes one row this process has claimed.</summary>
    Task ProcessAsync(long id, CancellationToken ct);
}

/// <summary>
/// Work whose claimed rows are processed together, each round's batch in one scope (the outbox: one query loads them all,
/// one statement marks them). <see cref="BatchClaimingWorker{TWork}"/> runs it.
/// </summary>
public interface IClaimedBatch
{
    /// <inheritdoc cref="IClaimedWork.Table"/>
    static abstract WorkTable Table { get; }

    /// <summary>Processes the rows this process has claimed; rows it has not finished when cancelled are given back by the worker.</summary>
    Task ProcessAsync(IReadOnlyList<long> ids, CancellationToken ct);
}

/// <summary>How often <typeparamref name="TWork"/> looks for due rows and how many it claims at once.</summary>
public sealed record ClaimPace<TWork>(TimeSpan Every, int BatchSize);

/// <param name="DueCondition">SQL condition over the table's columns that may use @now.</param>
public sealed record WorkTable(string Name, string DueCondition, string OrderBy);

/// <summary>
/// Runs <typeparamref name="TWork"/> on the <see cref="PollingWorker"/> loop: each round claims a batch of due rows (see
/// <see cref="WorkClaims"/>), then hands each row to a <typeparamref name="TWork"/> in a scope of its own. State lives in
/// the database, so a restart or a second replica loses nothing.
/// </summary>
public sealed class ClaimingWorker<TWork>(IServiceScopeFactory scopes, IOptions<WorkerOptions> options, DatabaseOutage outage, ILogger<TWork> logger)
    : PollingWorker(options.Value, options.Value.PollInterval, outage, logger)
    where TWork : class, IClaimedWork
{
    protected override string Name => typeof(TWork).Name;

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var ids = await scopes.RunAsync<WorkClaimer, List<long>>(claimer => claimer.ClaimAsync(TWork.Table, ct));
        var next = 0;
        try
        {
            for (; next < ids.Count; next++)
            {
                ct.ThrowIfCancellationRequested();
                var id = ids[next];
                await scopes.RunAsync<TWork, long>(async work =>
                {
                    await work.ProcessAsync(id, ct);
                    return id;
                });
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // The process is stopping: the rows it claimed and did not finish go back now, so another replica takes them
            // on its next tick instead of after the claim timeout.
            var unfinished = ids[next..];
            await scopes.RunAsync<WorkClaimer, int>(claimer => claimer.ReleaseAsync(TWork.Table, unfinished));
            throw;
        }

        return ids.Count;
    }
}

/// <summary>
/// Runs <typeparamref name="TWork"/> on the <see cref="PollingWorker"/> loop at its own <see cref="ClaimPace{TWork}"/>: each
/// round claims a batch of due rows and hands the whole batch to one <typeparamref name="TWork"/> in a scope of its own.
/// </summary>
public sealed class BatchClaimingWorker<TWork>(IServiceScopeFactory scopes, ClaimPace<TWork> pace, IOptions<WorkerOptions> options, DatabaseOutage outage,
    ILogger<TWork> logger) : PollingWorker(options.Value, pace.Every, outage, logger)
    where TWork : class, IClaimedBatch
{
    protected override string Name => typeof(TWork).Name;

    protected override int BatchSize => pace.BatchSize;

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var ids = await scopes.RunAsync<WorkClaimer, List<long>>(claimer => claimer.ClaimAsync(TWork.Table, pace.BatchSize, ct));
        if (ids.Count == 0)
        {
            return 0;
        }

        try
        {
            await scopes.RunAsync<TWork, int>(async work =>
            {
                await work.ProcessAsync(ids, ct);
                return ids.Count;
            });
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // As ClaimingWorker does; a row the batch finished is no longer due, so giving back all of them is safe.
            await scopes.RunAsync<WorkClaimer, int>(claimer => claimer.ReleaseAsync(TWork.Table, ids));
            throw;
        }

        return ids.Count;
    }
}

/// <summary>Claims due rows of a <see cref="WorkTable"/> for this process, with the configured batch size and claim timeout.</summary>
public sealed class WorkClaimer(CirculaDbContext db, TimeProvider clock, IOptions<WorkerOptions> options)
{
    public Task<List<long>> ClaimAsync(WorkTable table, CancellationToken ct) => ClaimAsync(table, options.Value.BatchSize, ct);

    public Task<List<long>> ClaimAsync(WorkTable table, int batchSize, CancellationToken ct) =>
        WorkClaims.ClaimAsync(db, table.Name, table.DueCondition, table.OrderBy, WorkClaims.InstanceName, clock.GetUtcNow().UtcDateTime,
            options.Value.ClaimTimeout, batchSize, ct);

    /// <summary>Gives back rows this process claimed, within a few seconds whatever the caller's token says (it is stopping).</summary>
    public async Task<int> ReleaseAsync(WorkTable table, IReadOnlyCollection<long> ids)
    {
        using var bounded = new CancellationTokenSource(ReleaseWithin);
        return await WorkClaims.ReleaseAsync(db, table.Name, WorkClaims.InstanceName, ids, bounded.Token);
    }

    private static readonly TimeSpan ReleaseWithin = TimeSpan.FromSeconds(5);
}

public static class ClaimedWorkRegistration
{
    /// <summary>Registers <typeparamref name="TWork"/> (scoped) and the worker that claims its rows once the server listens.</summary>
    public static IServiceCollection AddClaimedWork<TWork>(this IServiceCollection services) where TWork : class, IClaimedWork
    {
        services.TryAddScoped<WorkClaimer>();
        services.AddScoped<TWork>();
        return services.AddWorker<ClaimingWorker<TWork>>();
    }

    /// <summary>
    /// Registers <typeparamref name="TWork"/> (scoped) and the worker that claims batches of its rows at the pace
    /// <paramref name="pace"/> reads from <typeparamref name="TOptions"/>, once the server listens.
    /// </summary>
    public static IServiceCollection AddClaimedBatch<TWork, TOptions>(this IServiceCollection services, Func<TOptions, ClaimPace<TWork>> pace)
        where TWork : class, IClaimedBatch
        where TOptions : class
    {
        services.TryAddScoped<WorkClaimer>();
        services.AddScoped<TWork>();
        services.AddSingleton(sp => pace(sp.GetRequiredService<IOptions<TOptions>>().Value));
        return services.AddWorker<BatchClaimingWorker<TWork>>();
    }
}
