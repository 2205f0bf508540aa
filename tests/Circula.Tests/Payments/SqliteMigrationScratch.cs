using Circula.Data;
using Circula.Data.Migrations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Circula.Tests.Payments;

/// <summary>A throwaway SQLite file to migrate step by step and poke with SQL, for the tests of a migration's table rebuild.</summary>
public sealed class SqliteMigrationScratch : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("circula-migration-").FullName;

    public SqliteMigrationScratch() =>
        Runner = new MigrationRunner(new DbConnectionFactory(Options.Create(new DatabaseOptions { ConnectionString = ConnectionString })), TimeProvider.System,
            NullLogger<MigrationRunner>.Instance);

    public MigrationRunner Runner { get; }

    // Without foreign key enforcement only so test rows need no users and orders; a rebuild itself is the same.
    private string ConnectionString => $"Data Source={Path.Combine(_folder, "circula.db")};Foreign Keys=False";

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async Task<string?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
