namespace Circula.Inventory.Contracts;

public sealed record StockLine(long SkuId, int Quantity);

public sealed record StockLevel(long SkuId, int OnHand, int Reserved, int Available, int LowStockThreshold);

/// <summary>The first line that could not be reserved: what was asked and what was left.</summary>
public sealed record StockShortage(long SkuId, int Requested, int Available);

/// <summary>The lines one order reserves, all or none.</summary>
public sealed record StockReservation(long OrderId, IReadOnlyCollection<StockLine> Lines);

/// <summary>
/// Stock movements for orders. Every call runs on the scoped CirculaDbContext inside the caller's transaction (the
/// caller begins and commits it) and writes one inventory movement per line. Each change is one conditional
/// UPDATE (a reservation decides between its buyers only under the row lock it has taken), and SKUs are taken in
/// ascending id so concurrent orders cannot deadlock.
/// </summary>
public interface IStockLedger
{
    /// <summary>
    /// Reserves each order's lines, all or none per order, in the order given: answered per order with null (reserved:
    /// moved from available to reserved, one movement per line) or its first shortage (nothing of it reserved). Every
    /// SKU row is changed once for all the orders, so a hot SKU's row lock is taken once for a whole batch of buyers.
    /// </summary>
    Task<IReadOnlyList<StockShortage?>> ReserveEachAsync(IReadOnlyList<StockReservation> orders, CancellationToken ct);

    /// <summary>Gives reserved stock back to available (cancel, refund before shipping).</summary>
    Task ReleaseAsync(IReadOnlyCollection<StockLine> lines, long orderId, string reason, CancellationToken ct);

    /// <summary>Reserved stock leaves the warehouse (shipping): reserved and on-hand both go down.</summary>
    Task CommitAsync(IReadOnlyCollection<StockLine> lines, long orderId, CancellationToken ct);
}

/// <summary>Stock as the catalog sees it: levels to show, and the on-hand figure an operator edits with a SKU.</summary>
public interface IStockLevels
{
    /// <summary>Creates the inventory row of a new SKU (in the caller's transaction).</summary>
    Task InitializeAsync(long skuId, int onHand, long? actorUserId, CancellationToken ct);

    /// <summary>Sets on-hand to <paramref name="onHand"/>; null when that is below what is reserved for open orders.</summary>
    Task<StockLevel?> SetOnHandAsync(long skuId, int onHand, string reason, long? actorUserId, CancellationToken ct);

    Task<IReadOnlyDictionary<long, StockLevel>> GetAsync(IReadOnlyCollection<long> skuIds, CancellationToken ct);
}
