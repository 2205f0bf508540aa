using Circula.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Ordering;

/// <summary>
/// Deletes idempotency records past their lifetime, in small batches so no delete holds locks for long. Every replica
/// may run it: deleting an already deleted row is a no-op.
/// </summary>
public sealed class ExpiredIdempotencyKeys(CirculaDbContext db, TimeProvider clock)
{
    public const int BatchSize = 1_000;

    /// <summary>Deletes up to one batch; returns how many rows went.</summary>
    public Task<int> DeleteBatchAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = db.Set<IdempotencyRecord>().Where(r => r.ExpiresAt <= now).OrderBy(r => r.ExpiresAt).Take(BatchSize);
        return db.Set<IdempotencyRecord>()
            .Where(r => expired.Any(e => e.UserId == r.UserId && e.Key == r.Key))
            .ExecuteDeleteAsync(ct);
    }
}

/// <summary>Runs <see cref="ExpiredIdempotencyKeys"/> every <see cref="OrderingOptions.IdempotencyCleanupInterval"/>.</summary>
public sealed class ExpiredIdempotencyKeyCleaner(
    IServiceScopeFactory scopes, IOptions<OrderingOptions> options, DatabaseOutage outage, ILogger<ExpiredIdempotencyKeyCleaner> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.IdempotencyCleanupInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                int deleted;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    deleted = await scope.ServiceProvider.GetRequiredService<ExpiredIdempotencyKeys>().DeleteBatchAsync(stoppingToken);
                }
                while (deleted == ExpiredIdempotencyKeys.BatchSize);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && !outage.Report(e))
            {
                // Nothing is lost by waiting for the next tick: the rows are only garbage.
                logger.LogWarning(e, "Deleting expired idempotency keys failed");
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is unavailable (logged once by DatabaseOutage); the next tick tries again.
            }
        }
    }
}
