using Circula.Data;

namespace Circula.Tests.Infrastructure;

public class SqliteServer : CirculaServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateDatabaseAsync() =>
        Task.FromResult($"Data Source={Path.Combine(DataDirectory, "circula.db")}");
}
