using Circula.Data.Migrations;
using Circula.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Data;

/// <summary>What a start does to the database: migrate, create the first admin, seed demo data once.</summary>
public sealed class DatabaseInitializer(
    CirculaDbContext db,
    MigrationRunner migrations,
    AdminBootstrap admin,
    IEnumerable<IDemoDataSeeder> demoSeeders,
    IOptions<DatabaseOptions> database,
    IOptions<BootstrapOptions> bootstrap,
    TimeProvider clock)
{
    /// <summary>Returns the admin password when it was generated (to be shown once), else null.</summary>
    public async Task<string?> InitializeAsync(CancellationToken ct)
    {
        if (database.Value.MigrateOnStart)
        {
            await migrations.MigrateAsync(ct: ct);
        }

        string? generatedPassword = null;
        await OnceAsync("bootstrap_admin", async () => generatedPassword = await admin.EnsureAdminAsync(ct), ct);
        if (bootstrap.Value.SeedDemoData)
        {
            await SeedDemoDataAsync(ct);
        }

        return generatedPassword;
    }

    public Task<bool> SeedDemoDataAsync(CancellationToken ct) => OnceAsync("demo_data", async () =>
    {
        foreach (var seeder in demoSeeders.OrderBy(s => s.Order))
        {
            await seeder.SeedAsync(ct);
        }
    }, ct);

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
