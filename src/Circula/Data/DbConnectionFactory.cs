using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Circula.Data;

/// <summary>Opens ADO.NET connections for work EF Core does not do well: migrations, locks, bulk SQL.</summary>
public sealed class DbConnectionFactory(IOptions<DatabaseOptions> options)
{
    public DatabaseProvider Provider => options.Value.Provider;

    public string ConnectionString => options.Value.Provider == DatabaseProvider.Sqlite
        ? PrepareSqlite(options.Value.ConnectionString)
        : options.Value.ConnectionString;

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        DbConnection connection = Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(ConnectionString)
            : new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

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

        // Writers wait for each other instead of failing with SQLITE_BUSY.
        builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 30);
        return builder.ToString();
    }
}
