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
    public async Task<IdempotencyRecord?> ClaimAsync(IdempotencyKey key, CancellationToken ct) => (await ClaimEachAsync([key], ct))[0];

    /// <summary>
    /// Claims the keys inside the current transaction with one INSERT (in key order, so two batches claiming the same keys
    /// wait for each other instead of deadlocking); per key, its claim, tracked by the context so that the answer recorded on
    /// it is saved, or null when another request holds or has answered it. A key past its lifetime is claimed anew.
    /// </summary>
    public async Task<IReadOnlyList<IdempotencyRecord?>> ClaimEachAsync(IReadOnlyList<IdempotencyKey> keys, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var records = keys.Select(k => IdempotencyRecord.Claim(k.UserId, k.Key, k.RequestHash, now, options.Value.IdempotencyKeyLifetime)).ToList();
        var parameters = new List<(string Name, object? Value)> { ("now", now), ("expires", records[0].ExpiresAt) };
        var rows = new List<string>();
        foreach (var (record, i) in records.Select((r, i) => (r, i)).OrderBy(r => r.r.UserId).ThenBy(r => r.r.Key, StringComparer.Ordinal))
        {
            rows.Add($"(@user{i}, @key{i}, @hash{i}, 0, @now, @expires)");
            parameters.AddRange([($"user{i}", record.UserId), ($"key{i}", record.Key), ($"hash{i}", record.RequestHash)]);
        }

        var claimed = (await db.QueryAsync(
            "INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, created_at, expires_at) VALUES " + string.Join(", ", rows) +
            " ON CONFLICT (user_id, key) DO UPDATE SET request_hash = excluded.request_hash, status_code = 0, response_body = NULL, location = NULL," +
            " created_at = excluded.created_at, expires_at = excluded.expires_at WHERE idempotency_keys.expires_at <= @now RETURNING user_id, key",
            row => (row.GetInt64(0), row.GetString(1)), ct, [.. parameters])).ToHashSet();
        return records.Select(r => claimed.Contains((r.UserId, r.Key)) ? db.Attach(r).Entity : null).ToList();
    }

    /// <summary>Gives a claim up with the caller's SaveChanges (its request was refused), so the key can be used again.</summary>
    public void Release(IdempotencyRecord claim) => db.Remove(claim);

    private IQueryable<IdempotencyRecord> Records(IdempotencyKey key) =>
        db.Set<IdempotencyRecord>().Where(r => r.UserId == key.UserId && r.Key == key.Key);
}
