using Circula.Data;
using Circula.Shared.Work;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Shared.Outbox;

/// <summary>
/// Samples the outbox's backlog for <see cref="OutboxMetrics"/>: how many events are pending and how long the oldest due
/// one has waited. The delivery lag is only recorded when something is delivered, so a dispatcher that stopped shows
/// nothing there; this sample shows it. It runs on every replica, workers enabled or not, because a fleet with no
/// worker running is exactly what it has to reveal.
/// </summary>
public sealed class OutboxBacklog(IServiceScopeFactory scopes, OutboxMetrics metrics, IOptions<OutboxOptions> options, TimeProvider clock,
    DatabaseOutage outage, ILogger<OutboxBacklog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.BacklogSampleInterval);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!outage.Report(e))
                {
                    logger.LogError(e, "Sampling the outbox backlog failed; sampling again on the next tick");
                }
            }
        }
        while (await timer.NextTickAsync(stoppingToken));
    }

    private async Task SampleAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var pending = scope.ServiceProvider.GetRequiredService<CirculaDbContext>().Set<OutboxMessage>().Where(m => m.Status == OutboxStatus.Pending);
        var count = await pending.CountAsync(ct);
        var oldestDue = await pending.MinAsync(m => (DateTime?)m.NextAttemptAt, ct);
        var waited = oldestDue is { } due ? clock.GetUtcNow().UtcDateTime - due : TimeSpan.Zero;
        metrics.Sampled(count, waited > TimeSpan.Zero ? waited : TimeSpan.Zero);
    }
}
