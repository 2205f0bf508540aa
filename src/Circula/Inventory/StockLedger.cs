using Circula.Catalog.Contracts;
using Circula.Data;
using Circula.Inventory.Contracts;
using Circula.Shared.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Circula.Inventory;

/// <summary>
/// The only writer of inventory_items. Every change is one conditional UPDATE ... RETURNING on the scoped context's
/// connection and current transaction: the database decides whether stock suffices, so two buyers can never both
/// take the last piece, on one process or many. Each change writes one movement row; a change that takes available
/// to or below the low-stock threshold stages a <see cref="LowStock"/> event on the context, which the caller's
/// SaveChanges writes in the same transaction.
/// </summary>
public sealed class StockLedger(CirculaDbContext db, Outbox outbox, TimeProvider clock, InventoryMetrics metrics) : IStockLedger, IStockLevels
{
    /// <summary>Keeps on-hand far from int overflow whatever operators add over time.</summary>
    public const int MaxOnHand = 100_000_000;

    public async Task<StockShortage?> ReserveAsync(IReadOnlyCollection<StockLine> lines, long orderId, CancellationToken ct)
    {
        foreach (var line in InSkuOrder(lines))
        {
            var figures = await UpdateAsync(line.SkuId, "available = available - @q, reserved = reserved + @q", "available >= @q", line.Quantity, ct);
            if (figures is null)
            {
                // Only to tell the buyer what is left; the decision was the UPDATE's, and the caller rolls back.
                var left = await db.Set<InventoryItem>().Where(i => i.SkuId == line.SkuId).Select(i => (int?)i.Available).FirstOrDefaultAsync(ct);
                metrics.StockOut();
                return new StockShortage(line.SkuId, line.Quantity, left ?? 0);
            }

            await RecordAsync(line.SkuId, MovementKind.Reserve, -line.Quantity, figures, "order placed", null, orderId, ct);
        }

        return null;
    }

    public Task ReleaseAsync(IReadOnlyCollection<StockLine> lines, long orderId, string reason, CancellationToken ct) =>
        ApplyToReservedAsync(lines, orderId, MovementKind.Release, "available = available + @q, reserved = reserved - @q", reason, sign: +1, ct);

    public Task CommitAsync(IReadOnlyCollection<StockLine> lines, long orderId, CancellationToken ct) =>
        ApplyToReservedAsync(lines, orderId, MovementKind.Commit, "on_hand = on_hand - @q, reserved = reserved - @q", "order shipped", sign: -1, ct);

    public async Task InitializeAsync(long skuId, int onHand, long? actorUserId, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onHand);
        var figures = (await db.QueryAsync(
            "INSERT INTO inventory_items (sku_id, on_hand, reserved, available, previous_available, updated_at) " +
            $"VALUES (@sku, @q, 0, @q, @q, @now) RETURNING {StockFigures.Columns}",
            StockFigures.Read, ct, ("sku", skuId), ("q", onHand), ("now", Now))).Single();
        await RecordAsync(skuId, MovementKind.Initial, onHand, figures, "new SKU", actorUserId, null, ct);
    }

    public async Task<StockLevel?> SetOnHandAsync(long skuId, int onHand, string reason, long? actorUserId, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onHand);
        var figures = await UpdateAsync(skuId, "available = available + (@q - on_hand), on_hand = @q", "@q >= reserved", onHand, ct);
        if (figures is null)
        {
            return null;
        }

        // Reserved is untouched, so on-hand moved exactly as far as available did. Setting the same figure again is
        // not a change and leaves no movement.
        var change = figures.Available - figures.PreviousAvailable;
        if (change != 0)
        {
            await RecordAsync(skuId, MovementKind.Adjust, change, figures, reason, actorUserId, null, ct);
        }

        return figures.ToLevel(skuId);
    }

    /// <summary>Adds <paramref name="delta"/> to on-hand and available; null when that would take available below 0 or on-hand above <see cref="MaxOnHand"/>, or the SKU has no stock row.</summary>
    public async Task<StockLevel?> AdjustAsync(long skuId, int delta, string reason, long? actorUserId, CancellationToken ct)
    {
        var figures = await UpdateAsync(skuId, "on_hand = on_hand + @q, available = available + @q",
            $"available + @q >= 0 AND on_hand + @q <= {MaxOnHand}", delta, ct);
        if (figures is not null)
        {
            await RecordAsync(skuId, MovementKind.Adjust, delta, figures, reason, actorUserId, null, ct);
        }

        return figures?.ToLevel(skuId);
    }

    /// <summary>Sets the level at or below which available counts as low; false when the SKU has no stock row.</summary>
    public async Task<bool> SetLowStockThresholdAsync(long skuId, int threshold, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        return await db.Set<InventoryItem>().Where(i => i.SkuId == skuId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.LowStockThreshold, threshold).SetProperty(i => i.UpdatedAt, Now), ct) > 0;
    }

    public async Task<IReadOnlyDictionary<long, StockLevel>> GetAsync(IReadOnlyCollection<long> skuIds, CancellationToken ct) =>
        await db.Set<InventoryItem>().AsNoTracking().Where(i => skuIds.Contains(i.SkuId))
            .Select(i => new StockLevel(i.SkuId, i.OnHand, i.Reserved, i.Available, i.LowStockThreshold))
            .ToDictionaryAsync(l => l.SkuId, ct);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Lines in ascending SKU id, so two orders touching the same SKUs lock them in the same order and cannot deadlock.</summary>
    private static IEnumerable<StockLine> InSkuOrder(IReadOnlyCollection<StockLine> lines)
    {
        foreach (var line in lines)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(line.Quantity, nameof(lines));
        }

        return lines.OrderBy(l => l.SkuId);
    }

    /// <summary>Release and commit take back what a reservation set aside; finding less reserved is a bug in the caller.</summary>
    private async Task ApplyToReservedAsync(IReadOnlyCollection<StockLine> lines, long orderId, string kind, string set, string reason, int sign,
        CancellationToken ct)
    {
        foreach (var line in InSkuOrder(lines))
        {
            var figures = await UpdateAsync(line.SkuId, set, "reserved >= @q", line.Quantity, ct)
                ?? throw new InvalidOperationException($"Cannot {kind} {line.Quantity} of SKU {line.SkuId} for order {orderId}: less than that is reserved.");
            await RecordAsync(line.SkuId, kind, sign * line.Quantity, figures, reason, null, orderId, ct);
        }
    }

    /// <summary>
    /// The one shape of every change: SET <paramref name="set"/> on the SKU's row only WHERE <paramref name="condition"/>
    /// holds, returning the new figures; null when the condition failed (or there is no row). SET expressions all read
    /// the old row, so previous_available is available before this change.
    /// </summary>
    private async Task<StockFigures?> UpdateAsync(long skuId, string set, string condition, int quantity, CancellationToken ct) =>
        (await db.QueryAsync(
            $"UPDATE inventory_items SET previous_available = available, {set}, updated_at = @now " +
            $"WHERE sku_id = @sku AND {condition} RETURNING {StockFigures.Columns}",
            StockFigures.Read, ct, ("sku", skuId), ("q", quantity), ("now", Now))).SingleOrDefault();

    private async Task RecordAsync(long skuId, string kind, int delta, StockFigures figures, string reason, long? actorUserId, long? orderId,
        CancellationToken ct)
    {
        await db.ExecuteAsync(
            "INSERT INTO inventory_movements (sku_id, kind, quantity_delta, on_hand_after, reserved_after, available_after, reason, actor_user_id, order_id, created_at) " +
            "VALUES (@sku, @kind, @delta, @onHand, @reserved, @available, @reason, @actor, @order, @now)",
            ct, ("sku", skuId), ("kind", kind), ("delta", delta), ("onHand", figures.OnHand), ("reserved", figures.Reserved),
            ("available", figures.Available), ("reason", reason), ("actor", actorUserId), ("order", orderId), ("now", Now));
        if (figures.CrossedIntoLowStock)
        {
            outbox.Add(new LowStock(SkuId.From(skuId), figures.Available, figures.LowStockThreshold));
        }
    }
}
