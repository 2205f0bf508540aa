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

/// <summary>Runs <typeparamref name="TJob"/> on the polling loop, in a new scope each round.</summary>
public sealed class ScopedJobWorker<TJob>(IServiceScopeFactory scopes, IOptions<WorkerOptions> options, DatabaseOutage outage, ILogger<TJob> logger)
    : PollingWorker(options.Value, outage, logger)
    where TJob : class, IScopedJob
{
    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TJob>().RunOnceAsync(ct);
    }
}

public static class ScopedJobRegistration
{
    /// <summary>Registers <typeparamref name="TJob"/> (scoped) and the worker that runs it once the server listens.</summary>
    public static IServiceCollection AddScopedJob<TJob>(this IServiceCollection services) where TJob : class, IScopedJob
    {
        services.AddScoped<TJob>();
        return services.AddWorker<ScopedJobWorker<TJob>>();
    }
}
