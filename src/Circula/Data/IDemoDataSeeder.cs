namespace Circula.Data;

/// <summary>Writes a module's demo data into a new database; runs once, inside the seeding transaction.</summary>
public interface IDemoDataSeeder
{
    /// <summary>Lower runs first (identity before catalog before orders).</summary>
    int Order { get; }

    Task SeedAsync(CancellationToken ct);
}
