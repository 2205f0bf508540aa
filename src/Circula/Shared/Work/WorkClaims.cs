using Circula.Data;
using Microsoft.EntityFrameworkCore;

namespace Circula.Shared.Work;

/// <summary>
/// Leader-free work sharing between replicas: a worker claims a batch of due rows by stamping them with its name and
/// a claim deadline in one statement. PostgreSQL skips rows another worker is claiming (FOR UPDATE SKIP LOCKED);
/// SQLite has one writer at a time, so the statement is already exclusive. A claim that is not finished by its
/// deadline (the worker died) becomes claimable again.
/// </summary>
public static class WorkClaims
{
    /// <summary>Unique per process, so claims show which replica holds them.</summary>
    public static readonly string InstanceName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <param name="table">Table with id, claimed_by and claimed_until columns.</param>
    /// <param name="dueCondition">SQL condition over the table's columns that may use @now.</param>
    public static Task<List<long>> ClaimAsync(CirculaDbContext db, string table, string dueCondition, string orderBy,
        string owner, DateTime now, TimeSpan claimFor, int batchSize, CancellationToken ct)
    {
        var skipLocked = db.Database.IsSqlite() ? "" : " FOR UPDATE SKIP LOCKED";
        var sql = $"""
            UPDATE {table} SET claimed_by = @owner, claimed_until = @until
            WHERE id IN (
                SELECT id FROM {table}
                WHERE ({dueCondition}) AND (claimed_until IS NULL OR claimed_until < @now)
                ORDER BY {orderBy}
                LIMIT @batch{skipLocked})
            RETURNING id
            """;
        return db.QueryAsync(sql, r => r.GetInt64(0), ct, ("@owner", owner), ("@until", now + claimFor), ("@now", now), ("@batch", batchSize));
    }
}
