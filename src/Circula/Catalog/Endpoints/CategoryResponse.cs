namespace Circula.Catalog.Endpoints;

/// <summary>A category as operators see it, including disabled ones.</summary>
public sealed record CategoryResponse(
    long Id, long? ParentId, string Name, CategoryKind Kind, int SortOrder, bool IsEnabled, int Version, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static CategoryResponse From(Category c) =>
        new(c.Id, c.ParentId, c.Name, c.Kind, c.SortOrder, c.IsEnabled, c.Version, c.CreatedAt, c.UpdatedAt);

    internal static readonly CategoryResponse Example = new(12, 3, "塑料瓶", CategoryKind.Recycling, 10, true, 1,
        new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc));
}
