namespace Circula.Inventory.Contracts;

public sealed record StockLine(long SkuId, int Quantity);

public sealed record StockLevel(long SkuId, int OnHand, int Reserved, int Available, int LowStockThreshold);

/// <summary>The first line that could not be reserved: what was asked and what was left.</summary>
public sealed record StockShortage(long SkuId, int Requested, int Available);

/// <summary>
/// Stock movements for orders. Every call runs on the scoped CirculaDbContext inside the caller's transaction (the
/// caller begins and commits it) and writes one inventory movement per line. Each change is one conditional
/// UPDATE, never read-then-write, and lines are taken in ascending SKU id so concurrent orders cannot deadlock.
/// </summary>
public interface IStockLedger
{
    /// <summary>Moves stock from available to reserved for every line, or returns the first shortage (the caller then rolls back).</summary>
    Task<StockShortage?> ReserveAsync(IReadOnlyCollection<StockLine> lines, long orderId, CancellationToken ct);

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
