using Circula.Data;
using Microsoft.EntityFrameworkCore;

namespace Circula.Shared.Timers;

/// <summary>Schedules and cancels timers as part of the caller's unit of work.</summary>
public sealed class DurableTimers(CirculaDbContext db, TimeProvider clock)
{
    public void Schedule(string kind, long subjectId, DateTime dueAt) =>
        db.Set<DurableTimer>().Add(new DurableTimer { Kind = kind, SubjectId = subjectId, DueAt = dueAt, CreatedAt = clock.GetUtcNow().UtcDateTime });

    /// <summary>Marks the pending timer done without firing (e.g. the order was paid before its deadline).</summary>
    public Task<int> CancelAsync(string kind, long subjectId, string outcome, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Set<DurableTimer>().Where(t => t.Kind == kind && t.SubjectId == subjectId && t.CompletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.CompletedAt, now).SetProperty(t => t.Outcome, outcome), ct);
    }
}
