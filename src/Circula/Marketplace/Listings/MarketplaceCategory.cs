namespace Circula.Marketplace.Listings;

/// <summary>
/// A category second-hand listings are filed under (手机数码, 图书教材, ...): a flat list of the marketplace's own, created
/// by the migration. Catalog's trees do not fit: the shop's describes new products with spec schemas and SKUs, the
/// recycling tree materials priced by weight.
/// </summary>
public sealed class MarketplaceCategory
{
    private MarketplaceCategory()
    {
    }

    public long Id { get; private init; }

    /// <summary>A stable English name for clients and demo data (phones, books, ...).</summary>
    public string Slug { get; private init; } = "";

    public string Name { get; private init; } = "";

    public int SortOrder { get; private init; }
}
