using Circula.Data;
using Microsoft.EntityFrameworkCore;

namespace Circula.Shared.Work;

/// <summary>
/// Leader-free work sharing between replicas: a worker claims a batch of due rows by stamping them with its name and
/// a claim deadline in one statement. PostgreSQL skips rows another worker is claiming (FOR UPDATE SKIP LOCKED);
/// SQLite has one writer at a time, so the statement is already exclusive. A claim that is not finished by its
/// deadline (the worker died) becomes claimable again; a worker that stops gives back what it has not finished.
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

    /// <summary>Makes rows that <paramref name="owner"/> still holds claimable again at once; answers how many it gave back.</summary>
    public static async Task<int> ReleaseAsync(CirculaDbContext db, string table, string owner, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        var list = string.Join(",", ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return await db.ExecuteAsync($"UPDATE {table} SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = @owner AND id IN ({list})",
            ct, ("@owner", owner));
    }
}
