namespace Circula.Catalog;

/// <summary>One selectable dimension of a product, e.g. color with the values red and blue.</summary>
public sealed record SpecDefinition(string Name, IReadOnlyList<string> Values);

/// <summary>A sellable item; the SKUs are its concrete variants with price and stock.</summary>
public sealed class Product
{
    public const int MaxNameLength = 100;
    public const int MaxSubtitleLength = 200;
    public const int MaxDescriptionLength = 5000;

    public long Id { get; set; }

    public long CategoryId { get; set; }

    public required string Name { get; set; }

    public string? Subtitle { get; set; }

    public string? Description { get; set; }

    /// <summary>Free facts shown to buyers, e.g. brand = Haier, condition = 95新.</summary>
    public Dictionary<string, string> Attributes { get; set; } = [];

    /// <summary>Ordered dimensions; every SKU picks exactly one value of each. Empty for a product without variants.</summary>
    public List<SpecDefinition> SpecSchema { get; set; } = [];

    public bool IsOnShelf { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Soft delete: orders placed later keep pointing at the SKUs, so rows are never removed.</summary>
    public DateTime? DeletedAt { get; set; }

    /// <summary>Concurrency token of the whole product including its SKUs: every SKU change bumps it too.</summary>
    public int Version { get; set; } = 1;

    public List<Sku> Skus { get; set; } = [];

    /// <summary>Buyers may see and order it: on the shelf, not deleted, in a category whose whole path is enabled.</summary>
    internal bool IsListed(IReadOnlySet<long> visibleCategoryIds) => IsOnShelf && DeletedAt is null && visibleCategoryIds.Contains(CategoryId);

    public void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version++;
    }
}
