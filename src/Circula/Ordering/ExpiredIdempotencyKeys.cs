using Circula.Data;
using Circula.Shared.Work;
using Microsoft.EntityFrameworkCore;

namespace Circula.Ordering;

/// <summary>
/// Deletes idempotency records past their lifetime, a round on the worker loop every
/// <see cref="OrderingOptions.IdempotencyCleanupInterval"/>, in small batches so no delete holds locks for long (a full
/// batch is followed by another at once). Every replica may run it: deleting an already deleted row is a no-op.
/// </summary>
public sealed class ExpiredIdempotencyKeys(CirculaDbContext db, TimeProvider clock) : IScopedJob
{
    public const int BatchSize = 1_000;

    /// <summary>Deletes up to one batch; returns how many rows went.</summary>
    public Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = db.Set<IdempotencyRecord>().Where(r => r.ExpiresAt <= now).OrderBy(r => r.ExpiresAt).Take(BatchSize);
        return db.Set<IdempotencyRecord>()
            .Where(r => expired.Any(e => e.UserId == r.UserId && e.Key == r.Key))
            .ExecuteDeleteAsync(ct);
    }
}
