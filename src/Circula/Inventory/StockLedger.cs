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

    public async Task<IReadOnlyList<StockShortage?>> ReserveEachAsync(IReadOnlyList<StockReservation> orders, CancellationToken ct)
    {
        // The SKUs' rows are locked (and read) once, in ascending id, with one statement; buyers are then decided in the order
        // given against what the locked rows hold, and every SKU is reserved for all its winners' units with one conditional
        // UPDATE: a batch costs two round trips for its stock, however many SKUs it names.
        var skuIds = orders.SelectMany(o => InSkuOrder(o.Lines)).Select(l => l.SkuId).Distinct().Order().ToList();
        var locked = await LockEachAsync(skuIds, ct);

        var left = skuIds.ToDictionary(id => id, id => locked.GetValueOrDefault(id)?.Available ?? 0);
        var shortages = new StockShortage?[orders.Count];
        var movements = new List<(long SkuId, int Quantity, long OrderId)>();
        for (var i = 0; i < orders.Count; i++)
        {
            shortages[i] = InSkuOrder(orders[i].Lines).Where(l => l.Quantity > left[l.SkuId])
                .Select(l => new StockShortage(l.SkuId, l.Quantity, left[l.SkuId])).FirstOrDefault();
            if (shortages[i] is not null)
            {
                metrics.StockOut();
                continue;
            }

            foreach (var line in InSkuOrder(orders[i].Lines))
            {
                left[line.SkuId] -= line.Quantity;
                movements.Add((line.SkuId, line.Quantity, orders[i].OrderId));
            }
        }

        var records = new List<Movement>();
        var bySku = movements.GroupBy(m => m.SkuId).ToList();
        var reserved = await ReserveSkusAsync(bySku.Select(sku => (sku.Key, sku.Sum(m => m.Quantity))).ToList(), ct);
        foreach (var sku in bySku)
        {
            var figures = reserved.GetValueOrDefault(sku.Key) ?? throw new InvalidOperationException($"SKU {sku.Key} changed under its row lock.");
            var before = locked[sku.Key];
            var (held, available) = (before.Reserved, before.Available);
            foreach (var (_, quantity, orderId) in sku)
            {
                var after = figures with { Reserved = held + quantity, Available = available - quantity, PreviousAvailable = available };
                (held, available) = (after.Reserved, after.Available);
                records.Add(new Movement(sku.Key, MovementKind.Reserve, -quantity, after, "order placed", null, orderId));
            }
        }

        await RecordAsync(records, ct);
        return shortages;
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

    /// <summary>
    /// Takes the SKUs' row locks until the transaction ends, in ascending id (on PostgreSQL the sorted FOR UPDATE locks them in
    /// that order, so two batches cannot deadlock; SQLite has one writer), and reads their figures; a SKU without a stock row is missing.
    /// </summary>
    private async Task<Dictionary<long, StockFigures>> LockEachAsync(IReadOnlyList<long> skuIds, CancellationToken ct)
    {
        if (skuIds.Count == 0)
        {
            return [];
        }

        var names = skuIds.Select((_, i) => $"@sku{i}").ToList();
        var list = string.Join(", ", names);
        var rows = db.Database.IsSqlite() ? list : $"SELECT sku_id FROM inventory_items WHERE sku_id IN ({list}) ORDER BY sku_id FOR UPDATE";
        return (await db.QueryAsync(
            $"UPDATE inventory_items SET previous_available = available WHERE sku_id IN ({rows}) RETURNING {StockFigures.Columns}, sku_id",
            r => (SkuId: r.GetInt64(5), Figures: StockFigures.Read(r)), ct, [.. names.Zip(skuIds, (name, id) => (name, (object?)id))]))
            .ToDictionary(r => r.SkuId, r => r.Figures);
    }

    /// <summary>
    /// Reserves each SKU's quantity with one conditional UPDATE for all of them (their rows locked already); per SKU, the new
    /// figures, missing when it had less available.
    /// </summary>
    private async Task<Dictionary<long, StockFigures>> ReserveSkusAsync(IReadOnlyList<(long SkuId, int Quantity)> quantities, CancellationToken ct)
    {
        if (quantities.Count == 0)
        {
            return [];
        }

        var wanted = string.Join(" UNION ALL ", quantities.Select((_, i) => $"SELECT @sku{i} AS sku, @q{i} AS q"));
        return (await db.QueryAsync(
            $"UPDATE inventory_items SET previous_available = available, available = available - w.q, reserved = reserved + w.q, updated_at = @now " +
            $"FROM ({wanted}) AS w WHERE inventory_items.sku_id = w.sku AND inventory_items.available >= w.q RETURNING {StockFigures.Columns}, sku_id",
            r => (SkuId: r.GetInt64(5), Figures: StockFigures.Read(r)), ct,
            [("now", Now), .. quantities.SelectMany((q, i) => new (string, object?)[] { ($"sku{i}", q.SkuId), ($"q{i}", q.Quantity) })]))
            .ToDictionary(r => r.SkuId, r => r.Figures);
    }

    private Task RecordAsync(long skuId, string kind, int delta, StockFigures figures, string reason, long? actorUserId, long? orderId, CancellationToken ct) =>
        RecordAsync([new Movement(skuId, kind, delta, figures, reason, actorUserId, orderId)], ct);

    /// <summary>Writes the movements with one INSERT; a movement that took available into low stock stages a <see cref="LowStock"/>.</summary>
    private async Task RecordAsync(IReadOnlyList<Movement> movements, CancellationToken ct)
    {
        if (movements.Count == 0)
        {
            return;
        }

        var parameters = new List<(string Name, object? Value)> { ("now", Now) };
        var rows = new List<string>();
        foreach (var (m, i) in movements.Select((m, i) => (m, i)))
        {
            rows.Add($"(@sku{i}, @kind{i}, @delta{i}, @onHand{i}, @reserved{i}, @available{i}, @reason{i}, @actor{i}, @order{i}, @now)");
            parameters.AddRange([($"sku{i}", m.SkuId), ($"kind{i}", m.Kind), ($"delta{i}", m.Delta), ($"onHand{i}", m.Figures.OnHand),
                ($"reserved{i}", m.Figures.Reserved), ($"available{i}", m.Figures.Available), ($"reason{i}", m.Reason), ($"actor{i}", m.ActorUserId),
                ($"order{i}", m.OrderId)]);
            if (m.Figures.CrossedIntoLowStock)
            {
                outbox.Add(new LowStock(SkuId.From(m.SkuId), m.Figures.Available, m.Figures.LowStockThreshold));
            }
        }

        await db.ExecuteAsync(
            "INSERT INTO inventory_movements (sku_id, kind, quantity_delta, on_hand_after, reserved_after, available_after, reason, actor_user_id, order_id, created_at) " +
            "VALUES " + string.Join(", ", rows), ct, [.. parameters]);
    }

    /// <summary>One movement row: the change and the figures it left.</summary>
    private sealed record Movement(long SkuId, string Kind, int Delta, StockFigures Figures, string Reason, long? ActorUserId, long? OrderId);
}
