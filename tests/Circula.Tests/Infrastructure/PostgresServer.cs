using Circula.Data;

namespace Circula.Tests.Infrastructure;

public class PostgresServer : CirculaServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
