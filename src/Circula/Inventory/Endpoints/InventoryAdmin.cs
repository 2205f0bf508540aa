using System.Security.Claims;
using Circula.Identity.Contracts;
using Circula.Shared.OpenApi;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Circula.Inventory.Endpoints;

/// <summary>Operators look at a SKU's stock and ledger, correct on-hand with a reason, and set the low-stock threshold.</summary>
public static class InventoryAdmin
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/inventory").WithTags("Inventory admin").RequireAuthorization(Permissions.InventoryManage);
        admin.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("/{skuId:long}", Get)
            .WithName("GetInventory")
            .WithSummary($"A SKU's on-hand, reserved and available stock with its latest {StockSheet.MovementsShown} movements")
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

    public static async Task<Results<Ok<InventoryView>, ProblemHttpResult>> Get(long skuId, StockAdministration stock, CancellationToken ct) =>
        (await stock.GetSheetAsync(skuId, ct)).ToOk(InventoryView.From);

    public static async Task<Results<Ok<InventoryView>, ProblemHttpResult>> Adjust(
        long skuId, AdjustStockRequest request, ClaimsPrincipal user, StockAdministration stock, CancellationToken ct) =>
        (await stock.AdjustAsync(skuId, request, user.UserId(), ct)).ToOk(InventoryView.From);

    public static async Task<Results<Ok<InventoryView>, ProblemHttpResult>> SetThreshold(
        long skuId, StockThresholdRequest request, StockAdministration stock, CancellationToken ct) =>
        (await stock.SetThresholdAsync(skuId, request, ct)).ToOk(InventoryView.From);
}
