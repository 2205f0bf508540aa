using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Circula.Data;

/// <summary>
/// One context for the whole monolith. It names no module: each contributes its entity configurations as an
/// <see cref="IEntityModel"/>. The schema itself comes from the versioned SQL files in Data/Migrations, not from EF.
/// </summary>
public sealed class CirculaDbContext : DbContext
{
    private readonly IReadOnlyList<IEntityModel> _models;

    public CirculaDbContext(DbContextOptions<CirculaDbContext> options, IEnumerable<IEntityModel> models)
        : base(options)
    {
        _models = models.ToList();
        ModelKey = string.Join(",", _models.Select(m => m.GetType().FullName));
        // A failed SaveChanges always rolls the whole transaction back here, so the savepoint EF would set before each
        // SaveChanges in an explicit transaction is a round trip for nothing (measured in bench/).
        Database.AutoSavepointsEnabled = false;
    }

    /// <summary>Which models make up this context's model: EF caches one model per distinct set (a host may add the sandbox's).</summary>
    public string ModelKey { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        AppStateModel.Configure(modelBuilder);
        foreach (var model in _models)
        {
            model.ConfigureModel(modelBuilder);
        }

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

/// <summary>Keys EF's model cache by the set of contributed models as well as the provider.</summary>
internal sealed class CirculaModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), (context as CirculaDbContext)?.ModelKey, designTime);
}
