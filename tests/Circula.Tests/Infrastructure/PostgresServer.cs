using Circula.Data;

namespace Circula.Tests.Infrastructure;

public sealed class PostgresServer : CirculaServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
