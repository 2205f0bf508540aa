using Circula.Data;

namespace Circula.Tests.Infrastructure;

public class PostgresServer : CirculaServer
{
    private string? _database;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override async Task<string> CreateDatabaseAsync()
    {
        (_database, var connectionString) = await TestPostgres.CreateDatabaseAsync();
        return connectionString;
    }

    protected override Task DropDatabaseAsync() => _database is null ? Task.CompletedTask : TestPostgres.DropDatabaseAsync(_database);
}
