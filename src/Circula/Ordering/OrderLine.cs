using Circula.Catalog.Contracts;
using Circula.Ordering.Contracts;

namespace Circula.Ordering;

/// <summary>
/// One SKU of an order, or the one marketplace listing a marketplace order buys (no SKU, product or code then): name, specs
/// and price are a snapshot of the catalog (or the listing) when the order was placed and never change.
/// </summary>
public sealed class OrderLine
{
    private OrderLine()
    {
    }

    public long Id { get; private init; }

    public long OrderId { get; private init; }

    public long? SkuId { get; private init; }

    public long? ProductId { get; private init; }

    public long? ListingId { get; private init; }

    public string ProductName { get; private init; } = "";

    public string? SkuCode { get; private init; }

    public Dictionary<string, string> Specs { get; private init; } = [];

    public long UnitPriceFen { get; private init; }

    public int Quantity { get; private init; }

    /// <summary>Unit price × quantity; an overflow throws rather than wraps.</summary>
    public long LineTotalFen { get; private init; }

    public static OrderLine Of(SkuForSale sku, int quantity) => new()
    {
        SkuId = sku.SkuId,
        ProductId = sku.ProductId,
        ProductName = sku.ProductName,
        SkuCode = sku.SkuCode,
        Specs = new Dictionary<string, string>(sku.Specs),
        UnitPriceFen = sku.PriceFen,
        Quantity = quantity,
        LineTotalFen = checked(sku.PriceFen * quantity),
    };

    /// <summary>The listing itself: one item at the listing's price, named by its title.</summary>
    public static OrderLine Of(ListingForOrder listing) => new()
    {
        ListingId = listing.ListingId,
        ProductName = listing.Title,
        UnitPriceFen = listing.PriceFen,
        Quantity = 1,
        LineTotalFen = listing.PriceFen,
    };
}
