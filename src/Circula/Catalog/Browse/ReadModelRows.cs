namespace Circula.Catalog.Browse;

/// <summary>A category's ids from its root ('/3/12/') and whether buyers see it: it and all its ancestors are enabled.</summary>
public sealed record CategoryPath(long CategoryId, string Path, bool IsVisible)
{
    /// <summary>The smallest path greater than every path in this category's subtree ('/' + 1 is '0', in byte order).</summary>
    public string SubtreeEnd => Path[..^1] + "0";
}

/// <summary>One product as the public list shows and sorts it (catalog_product_listing, written by <see cref="ProductReadModel"/>).</summary>
public sealed class ProductListingRow
{
    private ProductListingRow()
    {
    }

    public long ProductId { get; private init; }

    public long CategoryId { get; private init; }

    public string CategoryPath { get; private init; } = "";

    public string Name { get; private init; } = "";

    public string? Subtitle { get; private init; }

    /// <summary>The lowest price of the enabled SKUs; null when none is enabled.</summary>
    public long? MinPriceFen { get; private init; }

    public long? MaxPriceFen { get; private init; }

    public bool IsOnShelf { get; private init; }

    public bool IsDeleted { get; private init; }

    public bool CategoryVisible { get; private init; }

    /// <summary>What buyers may see: on the shelf, not deleted, in a visible category, with an enabled SKU.</summary>
    public bool IsListed { get; private init; }

    public DateTime CreatedAt { get; private init; }

    public DateTime UpdatedAt { get; private init; }

    public int Version { get; private init; }
}
