using Circula.Data.Migrations;

namespace Circula.Sandbox.Migrations;

/// <summary>
/// The sandbox's tables: Migrations/{Sqlite,Postgres}/NNNN_name.sql, embedded here and applied at start by the product's
/// migration runner (same locks), with their own version sequence in <c>sandbox_schema_migrations</c>.
/// </summary>
public static class SandboxMigrations
{
    public static readonly MigrationSet Set = new(typeof(SandboxMigrations).Assembly, typeof(SandboxMigrations).Namespace!, "sandbox_schema_migrations");
}
