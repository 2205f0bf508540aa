using System.Data.Common;
using Circula.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Circula.Tests.Infrastructure;

/// <summary>A new, empty database of either provider: a SQLite file in a temp folder or a database in the test cluster.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _postgresName;
    private readonly string? _folder;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? postgresName, string? folder)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _postgresName = postgresName;
        _folder = folder;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var folder = Directory.CreateTempSubdirectory("circula-db-").FullName;
            return new TestDatabase(provider, $"Data Source={Path.Combine(folder, "circula.db")}", null, folder);
        }

        var (name, connectionString) = await TestPostgres.CreateDatabaseAsync();
        return new TestDatabase(provider, connectionString, name, null);
    }

    /// <summary>A new database with this one's contents; nothing may be connected to this one while it is copied.</summary>
    public async Task<TestDatabase> CopyAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            var copy = await CreateAsync(Provider);
            SqliteConnection.ClearPool(new SqliteConnection(ConnectionString));
            await ExecuteAsync($"VACUUM INTO '{new SqliteConnectionStringBuilder(copy.ConnectionString).DataSource}'");
            return copy;
        }

        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        var (name, connectionString) = await TestPostgres.CreateDatabaseAsync(template: _postgresName);
        return new TestDatabase(Provider, connectionString, name, null);
    }

    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(ConnectionString)
            : new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
            await TestPostgres.DropDatabaseAsync(_postgresName);
        }

        if (_folder is not null)
        {
            SqliteConnection.ClearPool(new SqliteConnection(ConnectionString));
            Directory.Delete(_folder, recursive: true);
        }
    }
}
