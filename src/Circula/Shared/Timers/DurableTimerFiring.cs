using Circula.Data;
using Circula.Shared.Work;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Circula.Shared.Timers;

/// <summary>
/// Fires due timers. Each timer is claimed (so one replica takes it), then fired by the handler of its kind and marked
/// complete in one transaction: either both happen or neither, and a failure is retried on a later tick.
/// </summary>
public sealed class DurableTimerFiring(
    CirculaDbContext db, IEnumerable<IDurableTimerHandler> handlers, TimeProvider clock, ILogger<DurableTimerFiring> logger) : IClaimedWork
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    public static WorkTable Table { get; } = new("durable_timers", "completed_at IS NULL AND due_at <= @now", "due_at, id");

    public async Task ProcessAsync(long id, CancellationToken ct)
    {
        var timer = await db.Set<DurableTimer>().FirstOrDefaultAsync(t => t.Id == id && t.CompletedAt == null, ct);
        if (timer is null)
        {
            return;
        }

        var handler = handlers.SingleOrDefault(h => h.Kind == timer.Kind);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var outcome = handler is null ? $"no handler for {timer.Kind}" : await handler.FireAsync(timer.SubjectId, ct);
            timer.CompletedAt = clock.GetUtcNow().UtcDateTime;
            timer.Outcome = outcome;
            timer.ClaimedBy = null;
            timer.ClaimedUntil = null;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Timer {Kind} for {Subject} failed; retrying later", timer.Kind, timer.SubjectId);
            db.ChangeTracker.Clear();
            var error = $"{e.GetType().Name}: {e.Message}";
            var retryAt = clock.GetUtcNow().UtcDateTime + RetryDelay;
            await db.Set<DurableTimer>().Where(t => t.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Attempts, t => t.Attempts + 1)
                .SetProperty(t => t.LastError, error.Length > 2000 ? error[..2000] : error)
                .SetProperty(t => t.ClaimedUntil, retryAt), ct);
        }
    }
}
