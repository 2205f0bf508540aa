using System.Security.Cryptography;
using System.Text;
using Circula.Data;
using Circula.Shared;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Ordering;

/// <summary>The first successful answer to a request with this user's Idempotency-Key, kept for replays.</summary>
public sealed class IdempotencyRecord
{
    public long UserId { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 of the endpoint and the request body: the same key with another body is refused.</summary>
    public required string RequestHash { get; set; }

    public int StatusCode { get; set; }

    public string? ResponseBody { get; set; }

    public string? Location { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }
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

    /// <summary>Null when the header is usable, else the 400 to answer.</summary>
    public static IResult? CheckHeader(string? key) => key switch
    {
        null or "" => ApiProblems.Create(StatusCodes.Status400BadRequest, "idempotency_key_required", "Idempotency-Key required",
            $"Send an {HeaderName} header (e.g. a UUID) so that a retried request cannot create a second order."),
        { Length: > 64 } => ApiProblems.Create(StatusCodes.Status400BadRequest, "idempotency_key_invalid", "Idempotency-Key invalid",
            $"The {HeaderName} header must be 1 to 64 printable ASCII characters."),
        _ when key.Any(c => c is < '!' or > '~') => ApiProblems.Create(StatusCodes.Status400BadRequest, "idempotency_key_invalid",
            "Idempotency-Key invalid", $"The {HeaderName} header must be 1 to 64 printable ASCII characters."),
        _ => null,
    };

    public static string Hash(string endpoint, string canonicalBody) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(endpoint + "\n" + canonicalBody)));

    /// <summary>The stored answer to replay, a 422 for a reused key, or null when the key is free.</summary>
    public async Task<IResult?> FindAsync(long userId, string key, string requestHash, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var record = await db.Set<IdempotencyRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, ct);
        if (record is null)
        {
            return null;
        }

        if (record.ExpiresAt <= now)
        {
            await db.Set<IdempotencyRecord>().Where(r => r.UserId == userId && r.Key == key && r.ExpiresAt <= now).ExecuteDeleteAsync(ct);
            return null;
        }

        return record.RequestHash != requestHash
            ? ApiProblems.Unprocessable("idempotency_key_reused",
                $"This {HeaderName} was already used for a different request; use a new key for a new order.")
            : new ReplayResult(record);
    }

    /// <summary>Claims the key inside the current transaction; false when a concurrent request holds it.</summary>
    public async Task<IdempotencyRecord?> ClaimAsync(long userId, string key, string requestHash, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var record = new IdempotencyRecord
        {
            UserId = userId,
            Key = key,
            RequestHash = requestHash,
            CreatedAt = now,
            ExpiresAt = now + options.Value.IdempotencyKeyLifetime,
        };
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

    private sealed class ReplayResult(IdempotencyRecord record) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = record.StatusCode;
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            if (record.Location is not null)
            {
                httpContext.Response.Headers.Location = record.Location;
            }

            httpContext.Response.ContentType = "application/json; charset=utf-8";
            await httpContext.Response.WriteAsync(record.ResponseBody ?? "", httpContext.RequestAborted);
        }
    }
}
