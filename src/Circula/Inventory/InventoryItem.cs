namespace Circula.Inventory;

/// <summary>
/// The stock of one SKU (table inventory_items). Read through EF; written only by <see cref="StockLedger"/>'s
/// conditional updates, so on_hand = reserved + available always holds and nothing goes below zero.
/// </summary>
public sealed class InventoryItem
{
    public const int DefaultLowStockThreshold = 5;

    public long SkuId { get; set; }

    /// <summary>In the warehouse, whether promised to an order or not.</summary>
    public int OnHand { get; set; }

    /// <summary>Promised to open orders, not yet shipped.</summary>
    public int Reserved { get; set; }

    /// <summary>What buyers can still order: <see cref="OnHand"/> − <see cref="Reserved"/>.</summary>
    public int Available { get; set; }

    public int LowStockThreshold { get; set; } = DefaultLowStockThreshold;

    public DateTime UpdatedAt { get; set; }
}
