using Circula.Data;
using Circula.Data.Migrations;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Platform;

public abstract class MigrationTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task Rows_written_at_the_first_migration_survive_the_later_ones()
    {
        var scripts = MigrationScript.For(Provider);
        Assert.True(scripts.Count >= 2, "the upgrade test needs at least two migrations");
        await using var database = await TestDatabase.CreateAsync(Provider);

        var (code, output) = await CliRunner.RunAsync(database, "migrate", "--to", "1");
        Assert.True(code == 0, output);
        Assert.Contains("applied 0001_identity", output, StringComparison.Ordinal);
        var sqlite = Provider == DatabaseProvider.Sqlite;
        await database.ExecuteAsync(
            "INSERT INTO users (username, password_hash, display_name, roles, created_at) " +
            $"VALUES ('legacy', 'hash', '老用户 O''Brien', {(sqlite ? "'[\"customer\",\"seller\"]'" : "'{customer,seller}'")}, '2026-01-02 03:04:05')");

        (code, output) = await CliRunner.RunAsync(database, "migrate");
        Assert.True(code == 0, output);
        Assert.Contains($"applied {scripts[^1].Version:D4}_{scripts[^1].Name}", output, StringComparison.Ordinal);
        Assert.Equal(scripts.Count, Convert.ToInt32(await database.ScalarAsync("SELECT max(version) FROM schema_migrations"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("老用户 O'Brien", await database.ScalarAsync("SELECT display_name FROM users WHERE username = 'legacy'"));
        Assert.Equal(sqlite ? "[\"customer\",\"seller\"]" : "customer,seller",
            await database.ScalarAsync($"SELECT {(sqlite ? "roles" : "array_to_string(roles, ',')")} FROM users WHERE username = 'legacy'"));

        (code, output) = await CliRunner.RunAsync(database, "migrate");
        Assert.Equal(0, code);
        Assert.Contains("up to date", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_migrations_apply_each_version_exactly_once()
    {
        await using var database = await TestDatabase.CreateAsync(Provider);
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => CliRunner.RunAsync(database, "migrate"))));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Output));
        Assert.Single(runs, r => r.Output.Contains("applied 0001_identity", StringComparison.Ordinal));
        Assert.Equal(MigrationScript.For(Provider).Count,
            Convert.ToInt32(await database.ScalarAsync("SELECT count(*) FROM schema_migrations"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task An_applied_migration_whose_text_changed_stops_the_start()
    {
        await using var database = await TestDatabase.CreateAsync(Provider);
        Assert.Equal(0, (await CliRunner.RunAsync(database, "migrate")).ExitCode);
        await database.ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");

        var (code, output) = await CliRunner.RunAsync(database, "migrate");

        Assert.Equal(1, code);
        Assert.Contains("0001_identity was changed after it was applied", output, StringComparison.Ordinal);
    }
}

public sealed class MigrationTestsOnSqlite : MigrationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class MigrationTestsOnPostgres : MigrationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
