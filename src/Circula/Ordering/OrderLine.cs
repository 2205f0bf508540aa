using Circula.Catalog.Contracts;

namespace Circula.Ordering;

/// <summary>One SKU of an order: name, specs and price are a snapshot of the catalog when the order was placed and never change.</summary>
public sealed class OrderLine
{
    private OrderLine()
    {
    }

    public long Id { get; private init; }

    public long OrderId { get; private init; }

    public long SkuId { get; private init; }

    public long ProductId { get; private init; }

    public string ProductName { get; private init; } = "";

    public string SkuCode { get; private init; } = "";

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
}
