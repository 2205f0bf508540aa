using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Circula.Data;

/// <summary>Opens ADO.NET connections for work EF Core does not do well: migrations, locks, bulk SQL.</summary>
public sealed class DbConnectionFactory(IOptions<DatabaseOptions> options)
{
    public DatabaseProvider Provider => options.Value.Provider;

    private string? _connectionString;

    public string ConnectionString => _connectionString ??= options.Value.Provider == DatabaseProvider.Sqlite
        ? PrepareSqlite(options.Value.ConnectionString)
        : PreparePostgres(options.Value.ConnectionString);

    /// <summary>Which database this is, for people: the SQLite file's full path, or PostgreSQL's host, port, database and user (never the password).</summary>
    public string Describe()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            var sqlite = new SqliteConnectionStringBuilder(options.Value.ConnectionString);
            return $"SQLite {(sqlite.Mode == SqliteOpenMode.Memory ? sqlite.DataSource : Path.GetFullPath(sqlite.DataSource))}";
        }

        var postgres = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString);
        return $"PostgreSQL {postgres.Host}:{postgres.Port}/{postgres.Database} as {postgres.Username}";
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        DbConnection connection = Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(ConnectionString)
            : new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>A connection outside the pool, for session state that must die with it (advisory locks).</summary>
    public async Task<DbConnection> OpenUnpooledAsync(CancellationToken ct)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            return await OpenAsync(ct);
        }

        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>
    /// Defaults measured in bench/ (each can be overridden in the connection string): pooled connections keep their
    /// session instead of running DISCARD ALL on every reuse (the pool never carries session state: advisory locks use
    /// <see cref="OpenUnpooledAsync"/>), and frequent statements are prepared automatically.
    /// </summary>
    private static string PreparePostgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Has(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        if (!Has(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }

    private static bool Has(string connectionString, params string[] keys) =>
        keys.Any(k => connectionString.Contains(k, StringComparison.OrdinalIgnoreCase));

    /// <summary>Creates the folder of the SQLite file so a fresh clone needs no set-up step.</summary>
    private static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        // Writers wait for each other instead of failing with SQLITE_BUSY; a lock held longer is an outage (503).
        if (!Has(connectionString, "Default Timeout", "DefaultTimeout", "Command Timeout", "CommandTimeout"))
        {
            builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 30);
        }
        return builder.ToString();
    }
}
