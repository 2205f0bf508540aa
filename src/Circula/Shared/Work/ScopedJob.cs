using Circula.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Shared.Work;

/// <summary>
/// Background work that needs scoped services (the database): a scoped service with its dependencies injected like any
/// other, run on the <see cref="PollingWorker"/> loop by <see cref="ScopedJobWorker{TJob}"/>, which resolves it in a new
/// scope each round. Module code thus never asks the container for a service.
/// </summary>
public interface IScopedJob
{
    /// <summary>One round; answers how many items it took (a full <see cref="WorkerOptions.BatchSize"/> means more may be due).</summary>
    Task<int> RunOnceAsync(CancellationToken ct);
}

/// <summary>How often <typeparamref name="TJob"/> runs a round.</summary>
public sealed record JobInterval<TJob>(TimeSpan Every);

/// <summary>Runs <typeparamref name="TJob"/> on the polling loop, in a new scope each round.</summary>
public sealed class ScopedJobWorker<TJob>(
    IServiceScopeFactory scopes, JobInterval<TJob> interval, IOptions<WorkerOptions> options, DatabaseOutage outage, ILogger<TJob> logger)
    : PollingWorker(options.Value, interval.Every, outage, logger)
    where TJob : class, IScopedJob
{
    protected override string Name => typeof(TJob).Name;

    protected override Task<int> RunOnceAsync(CancellationToken ct) => scopes.RunAsync<TJob, int>(job => job.RunOnceAsync(ct));
}

public static class ScopedJobRegistration
{
    /// <summary>Registers <typeparamref name="TJob"/> (scoped) and the worker that runs it every poll interval once the server listens.</summary>
    public static IServiceCollection AddScopedJob<TJob>(this IServiceCollection services) where TJob : class, IScopedJob =>
        services.AddScopedJob<TJob, WorkerOptions>(workers => workers.PollInterval);

    /// <summary>As <see cref="AddScopedJob{TJob}(IServiceCollection)"/>, every <paramref name="every"/> of <typeparamref name="TOptions"/>.</summary>
    public static IServiceCollection AddScopedJob<TJob, TOptions>(this IServiceCollection services, Func<TOptions, TimeSpan> every)
        where TJob : class, IScopedJob
        where TOptions : class
    {
        services.AddScoped<TJob>();
        services.AddSingleton(sp => new JobInterval<TJob>(every(sp.GetRequiredService<IOptions<TOptions>>().Value)));
        return services.AddWorker<ScopedJobWorker<TJob>>();
    }
}
