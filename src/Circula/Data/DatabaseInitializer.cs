using Circula.Data.Migrations;
using Circula.Identity.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Data;

/// <summary>The outcome of <see cref="DatabaseInitializer.InitializeAsync(CancellationToken)"/>; the password is set only when it was generated.</summary>
public sealed record InitializationResult(IReadOnlyList<MigrationScript> AppliedMigrations, string? GeneratedAdminPassword, bool DemoDataSeeded);

/// <summary>What a start does to the database: migrate, create the first admin, seed demo data once.</summary>
public sealed class DatabaseInitializer(
    CirculaDbContext db,
    MigrationRunner migrations,
    IEnumerable<MigrationSet> migrationSets,
    IFirstAdmin admin,
    IEnumerable<IDemoDataSeeder> demoSeeders,
    IOptions<DatabaseOptions> database,
    IOptions<SeedingOptions> seeding,
    TimeProvider clock)
{
    /// <summary>
    /// Migrates (unless turned off) every registered <see cref="MigrationSet"/>, the product's first, creates the first admin
    /// and seeds demo data, each at most once per database.
    /// </summary>
    public async Task<InitializationResult> InitializeAsync(bool migrate, bool seedDemoData, CancellationToken ct)
    {
        var applied = new List<MigrationScript>();
        foreach (var set in migrate ? migrationSets : [])
        {
            applied.AddRange(await migrations.MigrateAsync(set, ct: ct));
        }

        string? generatedPassword = null;
        await OnceAsync("bootstrap_admin", async () => generatedPassword = await admin.EnsureAsync(ct), ct);
        var seeded = seedDemoData && await OnceAsync("demo_data", async () =>
        {
            foreach (var seeder in demoSeeders.OrderBy(s => s.Order))
            {
                await seeder.SeedAsync(ct);
            }
        }, ct);
        return new InitializationResult(applied, generatedPassword, seeded);
    }

    /// <summary>What a server start does, as configured.</summary>
    public Task<InitializationResult> InitializeAsync(CancellationToken ct) =>
        InitializeAsync(database.Value.MigrateOnStart, seeding.Value.SeedDemoData, ct);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction that first claims <paramref name="key"/> in app_state; a
    /// concurrent starter waits on that row and then skips, so two replicas never seed twice.
    /// </summary>
    private async Task<bool> OnceAsync(string key, Func<Task> work, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO app_state (key, value, updated_at) VALUES ({key}, 'done', {clock.GetUtcNow().UtcDateTime}) ON CONFLICT (key) DO NOTHING", ct);
        if (claimed == 0)
        {
            return false;
        }

        await work();
        await transaction.CommitAsync(ct);
        return true;
    }
}
