using System.Security.Cryptography;
using System.Text;
using Circula.Data;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Ordering;

/// <summary>A request's Idempotency-Key and the hash of what it asks, per user.</summary>
public sealed record IdempotencyKey(long UserId, string Key, string RequestHash)
{
    public static string Hash(string endpoint, string canonicalBody) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(endpoint + "\n" + canonicalBody)));
}

/// <summary>
/// Idempotent creates. The key is claimed by inserting its row inside the request's transaction: a concurrent twin
/// waits on that row (PostgreSQL) or on the write lock (SQLite), then finds the stored answer and replays it. Failed
/// requests roll the claim back, so the key can be retried.
/// </summary>
public sealed class IdempotencyStore(CirculaDbContext db, TimeProvider clock, IOptions<OrderingOptions> options)
{
    public const string HeaderName = "Idempotency-Key";
    private static readonly UniqueIndex PrimaryKey = new("ux_idempotency_keys", "idempotency_keys.user_id, idempotency_keys.key");

    /// <summary>The stored answer to replay, null when the key is free, or the refusal of a key used for another request.</summary>
    public async Task<Result<IdempotentAnswer?>> FindAsync(IdempotencyKey key, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var record = await Records(key).AsNoTracking().FirstOrDefaultAsync(ct);
        if (record is null)
        {
            return Result<IdempotentAnswer?>.Success(null);
        }

        if (record.ExpiresAt <= now)
        {
            await Records(key).Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(ct);
            return Result<IdempotentAnswer?>.Success(null);
        }

        if (record.RequestHash != key.RequestHash)
        {
            return DomainError.Invalid("idempotency_key_reused",
                $"This {HeaderName} was already used for a different request; use a new key for a new order.");
        }

        return record.Answer;
    }

    /// <summary>Claims the key inside the current transaction; null when a concurrent request holds it.</summary>
    public async Task<IdempotencyRecord?> ClaimAsync(IdempotencyKey key, CancellationToken ct)
    {
        var record = IdempotencyRecord.Claim(key.UserId, key.Key, key.RequestHash, clock.GetUtcNow().UtcDateTime, options.Value.IdempotencyKeyLifetime);
        db.Set<IdempotencyRecord>().Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
            return record;
        }
        catch (DbUpdateException e) when (PrimaryKey.IsViolatedBy(e))
        {
            db.Entry(record).State = EntityState.Detached;
            return null;
        }
    }

    private IQueryable<IdempotencyRecord> Records(IdempotencyKey key) =>
        db.Set<IdempotencyRecord>().Where(r => r.UserId == key.UserId && r.Key == key.Key);
}
