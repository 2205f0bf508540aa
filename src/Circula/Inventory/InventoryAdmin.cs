using System.Security.Claims;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Inventory.Contracts;
using Circula.Shared.OpenApi;
using Circula.Shared;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Circula.Inventory;

/// <summary>Operators look at a SKU's stock and ledger, correct on-hand with a reason, and set the low-stock threshold.</summary>
public static class InventoryAdmin
{
    public const string StockLimitExceeded = "stock_limit_exceeded";
    public const int MovementsShown = 50;

    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/{skuId:long}", Get)
            .WithName("GetInventory")
            .WithSummary($"A SKU's on-hand, reserved and available stock with its latest {MovementsShown} movements")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(InventoryView.Example);
        admin.MapPost("/{skuId:long}/adjust", Adjust)
            .WithName("AdjustInventory")
            .WithSummary("Add to or take from on-hand (and so available) with a reason; 409 insufficient_stock when taking more than is available, 409 stock_limit_exceeded above 100,000,000")
            .Validate<AdjustStockRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(new AdjustStockRequest(-2, "盘点: 两台外壳破损"))
            .WithResponseExample(InventoryView.Example);
        admin.MapPut("/{skuId:long}/threshold", SetThreshold)
            .WithName("SetLowStockThreshold")
            .WithSummary("Available at or below this raises inventory.low-stock once per crossing")
            .Validate<StockThresholdRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithRequestExample(new StockThresholdRequest(3))
            .WithResponseExample(InventoryView.Example);
    }

    public static async Task<Results<Ok<InventoryView>, ProblemHttpResult>> Get(long skuId, CirculaDbContext db, CancellationToken ct) =>
        await LoadAsync(db, skuId, ct) is { } view ? TypedResults.Ok(view) : ApiProblems.NotFound("The SKU's stock");

    public static async Task<Results<Ok<InventoryView>, ProblemHttpResult>> Adjust(
        long skuId, AdjustStockRequest request, ClaimsPrincipal user, CirculaDbContext db, StockLedger ledger, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await ledger.AdjustAsync(skuId, request.Delta, request.Reason.Trim(), user.UserId(), ct) is null)
        {
            // The UPDATE refused; this read only explains why.
            return await LoadAsync(db, skuId, ct) switch
            {
                null => ApiProblems.NotFound("The SKU's stock"),
                { Available: var available } when available + request.Delta < 0 => ApiProblems.Conflict(StockErrorCodes.InsufficientStock,
                    $"Only {available} are available (the rest is reserved for open orders); cannot take {-request.Delta}."),
                _ => ApiProblems.Conflict(StockLimitExceeded, $"On-hand stock may not exceed {StockLedger.MaxOnHand}."),
            };
        }

        await db.SaveChangesAsync(ct);
        var view = await LoadAsync(db, skuId, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(view!);
    }

    public static async Task<Results<Ok<InventoryView>, ProblemHttpResult>> SetThreshold(
        long skuId, StockThresholdRequest request, CirculaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Set<InventoryItem>().Where(i => i.SkuId == skuId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.LowStockThreshold, request.LowStockThreshold).SetProperty(i => i.UpdatedAt, now), ct);
        return changed == 0 ? ApiProblems.NotFound("The SKU's stock") : TypedResults.Ok((await LoadAsync(db, skuId, ct))!);
    }

    private static async Task<InventoryView?> LoadAsync(CirculaDbContext db, long skuId, CancellationToken ct)
    {
        if (await db.Set<InventoryItem>().AsNoTracking().FirstOrDefaultAsync(i => i.SkuId == skuId, ct) is not { } item)
        {
            return null;
        }

        var movements = await db.Set<InventoryMovement>().AsNoTracking().Where(m => m.SkuId == skuId)
            .OrderByDescending(m => m.Id).Take(MovementsShown).ToListAsync(ct);
        return new InventoryView(item.SkuId, item.OnHand, item.Reserved, item.Available, item.LowStockThreshold, item.UpdatedAt,
            movements.Select(StockMovementView.From).ToList());
    }
}
