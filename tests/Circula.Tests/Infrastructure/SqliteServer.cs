using Circula.Data;

namespace Circula.Tests.Infrastructure;

public class SqliteServer : CirculaServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}
