using System.Globalization;
using Circula.Data;
using Circula.Data.Migrations;
using Circula.Sandbox.Migrations;
using Circula.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Circula.Tests.Sandbox;

/// <summary>The sandbox's migration set runs on the product's runner, with its own versions and checksums beside the product's.</summary>
public abstract class SandboxMigrationTests
{
    protected abstract DatabaseProvider Provider { get; }

    private static MigrationRunner Runner(TestDatabase database) => new(
        new DbConnectionFactory(Options.Create(new DatabaseOptions { Provider = database.Provider, ConnectionString = database.ConnectionString })),
        TimeProvider.System, NullLogger<MigrationRunner>.Instance);

    private static async Task<int> CountAsync(TestDatabase database, string table) =>
        Convert.ToInt32(await database.ScalarAsync($"SELECT count(*) FROM {table}"), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Concurrent_runs_apply_each_sandbox_version_once_in_its_own_history_and_leave_the_products_alone()
    {
        await using var database = await TestDatabase.CreateAsync(Provider);
        var product = await Runner(database).MigrateAsync();
        var sandbox = SandboxMigrations.Set.Scripts(Provider);
        Assert.NotEmpty(sandbox);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Runner(database).MigrateAsync(SandboxMigrations.Set))));

        Assert.Equal(sandbox.Select(s => s.Version), runs.SelectMany(r => r).Select(s => s.Version).Order());
        Assert.Equal(sandbox.Count, await CountAsync(database, "sandbox_schema_migrations"));
        Assert.Equal(product.Count, await CountAsync(database, "schema_migrations"));
        Assert.Equal(MigrationScript.For(Provider).Count, product.Count);
        Assert.Equal(0, await CountAsync(database, "sandbox_wechatpay_prepays"));
    }

    [Fact]
    public async Task An_applied_sandbox_migration_whose_text_changed_stops_the_start_and_names_its_history()
    {
        await using var database = await TestDatabase.CreateAsync(Provider);
        var runner = Runner(database);
        await runner.MigrateAsync();
        await runner.MigrateAsync(SandboxMigrations.Set);
        await database.ExecuteAsync("UPDATE sandbox_schema_migrations SET checksum = 'edited' WHERE version = 1");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.MigrateAsync(SandboxMigrations.Set));

        Assert.Contains("0001_sandbox_state was changed after it was applied (see sandbox_schema_migrations)", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await runner.MigrateAsync());
    }
}

public sealed class SandboxMigrationTestsOnSqlite : SandboxMigrationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class SandboxMigrationTestsOnPostgres : SandboxMigrationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
