using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Circula.Shared.Work;

public static class WorkerRegistration
{
    /// <summary>
    /// Registers a background worker that starts when the host has started, that is once the server listens: work that
    /// calls this server (the sandbox playing a payment provider) or that a first start's output would interleave with
    /// waits for it. The host stops the worker with the rest.
    /// </summary>
    public static IServiceCollection AddWorker<TWorker>(this IServiceCollection services) where TWorker : class, IHostedService
    {
        services.AddSingleton<TWorker>();
        services.AddHostedService(sp => new StartedWithHost<TWorker>(sp.GetRequiredService<TWorker>(), sp.GetRequiredService<IHostApplicationLifetime>()));
        return services;
    }
}

/// <summary>Starts <typeparamref name="TWorker"/> on <see cref="IHostApplicationLifetime.ApplicationStarted"/>.</summary>
internal sealed class StartedWithHost<TWorker>(TWorker worker, IHostApplicationLifetime lifetime) : IHostedService where TWorker : IHostedService
{
    private readonly Lock _gate = new();
    private CancellationTokenRegistration _registration;
    private bool _started;
    private bool _stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = lifetime.ApplicationStarted.Register(() =>
        {
            lock (_gate)
            {
                if (_stopped)
                {
                    return;
                }

                _started = true;
            }

            // A BackgroundService's StartAsync only launches its loop; the loop's own failures are its to log.
            _ = worker.StartAsync(lifetime.ApplicationStopping);
        });
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _registration.DisposeAsync();
        bool started;
        lock (_gate)
        {
            _stopped = true;
            started = _started;
        }

        if (started)
        {
            await worker.StopAsync(cancellationToken);
        }
    }
}
