using Microsoft.EntityFrameworkCore;

namespace Circula.Data;

/// <summary>One-time facts about this database, such as "the demo data was seeded".</summary>
public sealed class AppState
{
    public required string Key { get; init; }

    public required string Value { get; set; }

    public DateTime UpdatedAt { get; set; }
}

internal static class AppStateModel
{
    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<AppState>(e =>
        {
            e.ToTable("AppState");
            e.HasKey(x => x.Key);
        });
}
