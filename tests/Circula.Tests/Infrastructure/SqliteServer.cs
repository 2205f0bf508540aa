using Circula.Data;

namespace Circula.Tests.Infrastructure;

public sealed class SqliteServer : CirculaServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}
