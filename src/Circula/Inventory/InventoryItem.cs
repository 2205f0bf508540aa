namespace Circula.Inventory;

/// <summary>
/// The stock of one SKU (table inventory_items). Read through EF; written only by <see cref="StockLedger"/>'s
/// conditional updates, so on_hand = reserved + available always holds and nothing goes below zero. Nothing else
/// can create one or set a figure.
/// </summary>
public sealed class InventoryItem
{
    /// <summary>The column default of low_stock_threshold, which a new SKU's row starts with.</summary>
    public const int DefaultLowStockThreshold = 5;

    private InventoryItem()
    {
    }

    public long SkuId { get; init; }

    /// <summary>In the warehouse, whether promised to an order or not.</summary>
    public int OnHand { get; private set; }

    /// <summary>Promised to open orders, not yet shipped.</summary>
    public int Reserved { get; private set; }

    /// <summary>What buyers can still order: <see cref="OnHand"/> − <see cref="Reserved"/>.</summary>
    public int Available { get; private set; }

    public int LowStockThreshold { get; private set; }

    public DateTime UpdatedAt { get; private set; }
}
