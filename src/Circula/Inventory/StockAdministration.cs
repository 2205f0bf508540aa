using Circula.Data;
using Circula.Inventory.Contracts;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Inventory;

/// <summary>A SKU's stock with its latest movements, newest first: what an operator looks at before correcting it.</summary>
public sealed record StockSheet(InventoryItem Item, IReadOnlyList<InventoryMovement> LatestMovements)
{
    public const int MovementsShown = 50;
}

/// <summary>What operators do to a SKU's stock: read its sheet, correct on-hand with a reason, set the low-stock threshold.</summary>
public sealed class StockAdministration(CirculaDbContext db, StockLedger ledger)
{
    public const string StockLimitExceeded = "stock_limit_exceeded";

    public async Task<Result<StockSheet>> GetSheetAsync(long skuId, CancellationToken ct) =>
        await FindSheetAsync(skuId, ct) is { } sheet ? sheet : NoStock();

    /// <summary>Adds the request's delta to on-hand (and available) in one transaction with its movement and any low-stock event.</summary>
    public async Task<Result<StockSheet>> AdjustAsync(long skuId, AdjustStockRequest request, long actorUserId, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await ledger.AdjustAsync(skuId, request.Delta, request.Reason.Trim(), actorUserId, ct) is null)
        {
            // The UPDATE refused; this read only explains why.
            return await FindSheetAsync(skuId, ct) switch
            {
                null => NoStock(),
                { Item.Available: var available } when available + request.Delta < 0 => DomainError.Conflict(StockErrorCodes.InsufficientStock,
                    $"Only {available} are available (the rest is reserved for open orders); cannot take {-request.Delta}."),
                _ => DomainError.Conflict(StockLimitExceeded, $"On-hand stock may not exceed {StockLedger.MaxOnHand}."),
            };
        }

        await db.SaveChangesAsync(ct);
        var sheet = await FindSheetAsync(skuId, ct);
        await transaction.CommitAsync(ct);
        return sheet!;
    }

    public async Task<Result<StockSheet>> SetThresholdAsync(long skuId, StockThresholdRequest request, CancellationToken ct) =>
        await ledger.SetLowStockThresholdAsync(skuId, request.LowStockThreshold, ct) ? (await FindSheetAsync(skuId, ct))! : NoStock();

    private async Task<StockSheet?> FindSheetAsync(long skuId, CancellationToken ct)
    {
        if (await db.Set<InventoryItem>().AsNoTracking().FirstOrDefaultAsync(i => i.SkuId == skuId, ct) is not { } item)
        {
            return null;
        }

        var movements = await db.Set<InventoryMovement>().AsNoTracking().Where(m => m.SkuId == skuId)
            .OrderByDescending(m => m.Id).Take(StockSheet.MovementsShown).ToListAsync(ct);
        return new StockSheet(item, movements);
    }

    private static DomainError NoStock() => DomainError.NotFound("The SKU's stock");
}
