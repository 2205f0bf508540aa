using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Circula.Data;

/// <summary>
/// Plain SQL on the context's own connection and current transaction, for the statements EF does not express:
/// conditional updates with RETURNING, claims, upserts.
/// </summary>
public static class RawSql
{
    public static async Task<List<T>> QueryAsync<T>(this CirculaDbContext db, string sql, Func<DbDataReader, T> read, CancellationToken ct,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = await PrepareAsync(db, sql, parameters, ct);
        return await ReadAllAsync(command, read, resultsBefore: 0, ct);
    }

    /// <summary>
    /// <see cref="QueryAsync{T}"/> for a statement whose best plan depends on its values (a search's box and words): on
    /// PostgreSQL it is planned for its values on every run. An auto-prepared statement otherwise moves to a generic plan
    /// after five runs, and the generic estimate of a range between parameters (0.5% of the rows) made a 3 km search
    /// walk the geo index and test the words on 9,493 rows instead of ANDing the two indexes (40 ms against 12, bench/).
    /// The setting is local to the statement's transaction: the implicit one of this batch, or the context's.
    /// </summary>
    public static async Task<List<T>> QueryPlannedForValuesAsync<T>(this CirculaDbContext db, string sql, Func<DbDataReader, T> read,
        CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        if (!db.Database.IsNpgsql())
        {
            return await db.QueryAsync(sql, read, ct, parameters);
        }

        await using var command = await PrepareAsync(db, "SELECT set_config('plan_cache_mode', 'force_custom_plan', true); " + sql, parameters, ct);
        return await ReadAllAsync(command, read, resultsBefore: 1, ct);
    }

    /// <summary>The rows of the command's result after the first <paramref name="resultsBefore"/> (a batch's set-up statements).</summary>
    private static async Task<List<T>> ReadAllAsync<T>(DbCommand command, Func<DbDataReader, T> read, int resultsBefore, CancellationToken ct)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        for (var skipped = 0; skipped < resultsBefore; skipped++)
        {
            await reader.NextResultAsync(ct);
        }

        while (await reader.ReadAsync(ct))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public static async Task<int> ExecuteAsync(this CirculaDbContext db, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = await PrepareAsync(db, sql, parameters, ct);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<DbCommand> PrepareAsync(CirculaDbContext db, string sql, (string Name, object? Value)[] parameters, CancellationToken ct)
    {
        // EF opens and closes the connection around its own commands; opening it here keeps it open for the
        // context's lifetime, which is a request or a worker step.
        await db.Database.OpenConnectionAsync(ct);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, value) in parameters)
        {
            command.WithParameter(name, value);
        }

        return command;
    }
}
