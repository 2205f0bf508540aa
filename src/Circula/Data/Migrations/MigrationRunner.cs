using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Circula.Data.Migrations;

/// <summary>
/// Applies the pending SQL migrations of a <see cref="MigrationSet"/> (the product's unless told otherwise) for the
/// configured provider, each in its own transaction, recording version and checksum in the set's history table. On
/// PostgreSQL a session advisory lock (the same for every set) makes concurrent starters wait for the first one; on SQLite each
/// step runs under the database write lock and re-checks. An applied script whose text changed stops the start:
/// migrations are forward-only.
/// </summary>
public sealed class MigrationRunner(DbConnectionFactory connections, TimeProvider clock, ILogger<MigrationRunner> logger)
{
    // Any constant works; it only has to be the same for every replica.
    private const long PostgresLockKey = 0x43_69_72_63_75_6C_61;

    public Task<IReadOnlyList<MigrationScript>> MigrateAsync(int? targetVersion = null, CancellationToken ct = default) =>
        MigrateAsync(MigrationSet.Product, targetVersion, ct);

    public async Task<IReadOnlyList<MigrationScript>> MigrateAsync(MigrationSet set, int? targetVersion = null, CancellationToken ct = default)
    {
        var provider = connections.Provider;
        var scripts = set.Scripts(provider).Where(s => targetVersion is null || s.Version <= targetVersion).ToList();
        await using var connection = await connections.OpenUnpooledAsync(ct);
        if (provider == DatabaseProvider.Sqlite)
        {
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", ct);
        }
        else
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({PostgresLockKey});", ct);
        }

        try
        {
            await ExecuteAsync(connection, null, provider == DatabaseProvider.Sqlite
                ? $"CREATE TABLE IF NOT EXISTS {set.HistoryTable} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL);"
                : $"CREATE TABLE IF NOT EXISTS {set.HistoryTable} (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL);", ct);

            var applied = new List<MigrationScript>();
            foreach (var script in scripts)
            {
                if (await ApplyAsync(connection, set.HistoryTable, script, ct))
                {
                    applied.Add(script);
                }
            }

            return applied;
        }
        finally
        {
            if (provider == DatabaseProvider.Postgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({PostgresLockKey});", CancellationToken.None);
            }
        }
    }

    /// <summary>The product migrations this database has not applied yet (all of them on an empty database); changes nothing.</summary>
    public async Task<IReadOnlyList<MigrationScript>> PendingAsync(CancellationToken ct)
    {
        var set = MigrationSet.Product;
        var applied = new HashSet<int>();
        await using var connection = await connections.OpenUnpooledAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT version FROM {set.HistoryTable}";
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                applied.Add(reader.GetInt32(0));
            }
        }
        catch (DbException) when (applied.Count == 0)
        {
            // No history table yet: a database nothing was applied to.
        }

        return set.Scripts(connections.Provider).Where(s => !applied.Contains(s.Version)).ToList();
    }

    private async Task<bool> ApplyAsync(DbConnection connection, string historyTable, MigrationScript script, CancellationToken ct)
    {
        // Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE: a second process waits for the write lock here
        // and then finds the version applied.
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var existing = await ScalarAsync(connection, transaction, $"SELECT checksum FROM {historyTable} WHERE version = @version", script.Version, ct);
        if (existing is string checksum)
        {
            return checksum == script.Checksum
                ? false
                : throw new InvalidOperationException(
                    $"Migration {script.Version:D4}_{script.Name} was changed after it was applied (see {historyTable}). Migrations are forward-only: add a new one instead.");
        }

        await ExecuteAsync(connection, transaction, script.Sql, ct);
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {historyTable} (version, name, checksum, applied_at) VALUES (@version, @name, @checksum, @at)";
            insert.WithParameter("@version", script.Version).WithParameter("@name", script.Name)
                .WithParameter("@checksum", script.Checksum).WithParameter("@at", clock.GetUtcNow().UtcDateTime);
            await insert.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        logger.LogInformation("Applied migration {Version:D4}_{Name} ({HistoryTable})", script.Version, script.Name, historyTable);
        return true;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, int version, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.WithParameter("@version", version);
        return await command.ExecuteScalarAsync(ct);
    }
}
