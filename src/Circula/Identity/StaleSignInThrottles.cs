using Circula.Data;
using Circula.Shared.Work;
using Microsoft.Extensions.Options;

namespace Circula.Identity;

/// <summary>
/// Deletes sign-in throttle rows whose failures are forgotten (<see cref="SignInThrottle.ForgetAfter"/>) and whose wait
/// is over, a batch per round, so the table holds only recent failures. Every replica may run it: deleting a deleted
/// row is a no-op.
/// </summary>
public sealed class StaleSignInThrottles(CirculaDbContext db, TimeProvider clock, IOptions<WorkerOptions> workers) : IScopedJob
{
    public Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.ExecuteAsync(
            "DELETE FROM sign_in_throttles WHERE key IN (SELECT key FROM sign_in_throttles " +
            "WHERE last_failure_at <= @forgotten AND blocked_until <= @now ORDER BY last_failure_at LIMIT @batch)",
            ct, ("forgotten", now - SignInThrottle.ForgetAfter), ("now", now), ("batch", workers.Value.BatchSize));
    }
}
