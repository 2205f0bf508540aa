using System.Data.Common;
using Circula.Inventory.Contracts;

namespace Circula.Inventory;

/// <summary>A SKU's figures as one conditional UPDATE ... RETURNING left them, with available just before it.</summary>
internal sealed record StockFigures(int OnHand, int Reserved, int Available, int PreviousAvailable, int LowStockThreshold)
{
    /// <summary>The RETURNING list that <see cref="Read"/> expects.</summary>
    public const string Columns = "on_hand, reserved, available, previous_available, low_stock_threshold";

    public static StockFigures Read(DbDataReader row) =>
        new(row.GetInt32(0), row.GetInt32(1), row.GetInt32(2), row.GetInt32(3), row.GetInt32(4));

    /// <summary>This change took available from above the threshold to at or below it (not: it was already low).</summary>
    public bool CrossedIntoLowStock => PreviousAvailable > LowStockThreshold && Available <= LowStockThreshold;

    public StockLevel ToLevel(long skuId) => new(skuId, OnHand, Reserved, Available, LowStockThreshold);
}
