using Circula.Data;
using Circula.Data.Migrations;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Platform;

public abstract class MigrationTests
{
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task Rows_written_at_earlier_migrations_survive_the_later_ones()
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

        // Version 3 kept stock on the SKU; 0004 moves it into inventory_items and drops the column.
        (code, output) = await CliRunner.RunAsync(database, "migrate", "--to", "3");
        Assert.True(code == 0, output);
        await database.ExecuteAsync("INSERT INTO categories (name, kind, created_at, updated_at) VALUES ('旧家电', 'shop', '2026-01-02 03:04:05', '2026-01-02 03:04:05')");
        await database.ExecuteAsync("INSERT INTO products (category_id, name, created_at, updated_at) " +
            "SELECT id, '旧冰箱', '2026-01-02 03:04:05', '2026-01-02 03:04:05' FROM categories WHERE name = '旧家电'");
        await database.ExecuteAsync("INSERT INTO skus (product_id, code, spec_key, price_fen, stock_quantity, created_at, updated_at) " +
            "SELECT id, 'LEGACY-FRIDGE', '', 69900, 7, '2026-01-02 03:04:05', '2026-01-02 03:04:05' FROM products WHERE name = '旧冰箱'");

        (code, output) = await CliRunner.RunAsync(database, "migrate");
        Assert.True(code == 0, output);
        Assert.Contains($"applied {scripts[^1].Version:D4}_{scripts[^1].Name}", output, StringComparison.Ordinal);
        Assert.Equal(scripts.Count, Convert.ToInt32(await database.ScalarAsync("SELECT max(version) FROM schema_migrations"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("老用户 O'Brien", await database.ScalarAsync("SELECT display_name FROM users WHERE username = 'legacy'"));
        Assert.Equal(sqlite ? "[\"customer\",\"seller\"]" : "customer,seller",
            await database.ScalarAsync($"SELECT {(sqlite ? "roles" : "array_to_string(roles, ',')")} FROM users WHERE username = 'legacy'"));
        const string LegacyStock = "FROM inventory_items i JOIN skus s ON s.id = i.sku_id WHERE s.code = 'LEGACY-FRIDGE'";
        Assert.Equal("7/0/7", await database.ScalarAsync($"SELECT {Concat("i.on_hand", "i.reserved", "i.available")} {LegacyStock}"));
        Assert.Equal("initial/7/7", await database.ScalarAsync(
            $"SELECT {Concat("m.kind", "m.quantity_delta", "m.available_after")} FROM inventory_movements m JOIN skus s ON s.id = m.sku_id WHERE s.code = 'LEGACY-FRIDGE'"));
        Assert.Equal(0L, Convert.ToInt64(await database.ScalarAsync(StockColumnCount()), System.Globalization.CultureInfo.InvariantCulture));

        (code, output) = await CliRunner.RunAsync(database, "migrate");
        Assert.Equal(0, code);
        Assert.Contains("up to date", output, StringComparison.Ordinal);
    }

    /// <summary>Figures joined with '/', so one scalar compares several columns on both providers.</summary>
    private static string Concat(params string[] columns) => string.Join(" || '/' || ", columns.Select(c => $"CAST({c} AS TEXT)"));

    private string StockColumnCount() => Provider == DatabaseProvider.Sqlite
        ? "SELECT count(*) FROM pragma_table_info('skus') WHERE name = 'stock_quantity'"
        : "SELECT count(*) FROM information_schema.columns WHERE table_name = 'skus' AND column_name = 'stock_quantity'";

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
