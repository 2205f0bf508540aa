using System.Globalization;

namespace Circula.Inventory.Endpoints;

/// <param name="OrderId">A Snowflake id, sent as a string because it exceeds JavaScript's 2^53.</param>
public sealed record StockMovementView(
    long Id, string Kind, int QuantityDelta, int OnHandAfter, int ReservedAfter, int AvailableAfter, string Reason, long? ActorUserId, string? OrderId,
    DateTime CreatedAt)
{
    public static StockMovementView From(InventoryMovement m) => new(m.Id, m.Kind, m.QuantityDelta, m.OnHandAfter, m.ReservedAfter, m.AvailableAfter,
        m.Reason, m.ActorUserId, m.OrderId?.ToString(CultureInfo.InvariantCulture), m.CreatedAt);
}

/// <summary>A SKU's stock as operators see it, with its latest movements, newest first.</summary>
public sealed record InventoryView(
    long SkuId, int OnHand, int Reserved, int Available, int LowStockThreshold, DateTime UpdatedAt, IReadOnlyList<StockMovementView> Movements)
{
    public static InventoryView From(StockSheet sheet) => new(sheet.Item.SkuId, sheet.Item.OnHand, sheet.Item.Reserved, sheet.Item.Available,
        sheet.Item.LowStockThreshold, sheet.Item.UpdatedAt, sheet.LatestMovements.Select(StockMovementView.From).ToList());

    internal static readonly InventoryView Example = new(301, 18, 3, 15, 5, new DateTime(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc),
    [
        new StockMovementView(9, MovementKind.Adjust, -2, 18, 3, 15, "盘点: 两台外壳破损", 1, null, new DateTime(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc)),
        new StockMovementView(8, MovementKind.Reserve, -3, 20, 3, 17, "order placed", null, "7410736210219008", new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc)),
    ]);
}
