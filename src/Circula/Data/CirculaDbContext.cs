using Circula.Catalog;
using Circula.Identity.Contracts;
using Circula.Identity;
using Circula.Inventory;
using Circula.Ordering;
using Circula.Payments;
using Circula.Shared.Outbox;
using Circula.Shared.Timers;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.EntityFrameworkCore;

namespace Circula.Data;

/// <summary>
/// One context for the whole monolith; each module maps its own entities in its <c>XxxModel.Configure</c>.
/// The schema itself comes from the versioned SQL files in Data/Migrations, not from EF.
/// </summary>
public sealed class CirculaDbContext : DbContext
{
    public CirculaDbContext(DbContextOptions<CirculaDbContext> options)
        : base(options)
    {
        // A failed SaveChanges always rolls the whole transaction back here, so the savepoint EF would set before each
        // SaveChanges in an explicit transaction is a round trip for nothing (measured in bench/).
        Database.AutoSavepointsEnabled = false;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        IdentityModel.Configure(modelBuilder);
        CatalogModel.Configure(modelBuilder);
        InventoryModel.Configure(modelBuilder);
        OrderingModel.Configure(modelBuilder);
        PaymentsModel.Configure(modelBuilder);
        AppStateModel.Configure(modelBuilder);
        OutboxModel.Configure(modelBuilder);
        TimerModel.Configure(modelBuilder);
        SnakeCaseNames.Apply(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite keeps DateTime as ISO-8601 text without a kind; every time we store is UTC.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        }
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
