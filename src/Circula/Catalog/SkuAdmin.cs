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
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Circula.Catalog;

/// <summary>
/// Adding and replacing single SKUs of an existing product. A SKU change is a product change: it bumps the product
/// version, so one If-Match guards the whole product. SKUs are disabled, never removed (orders will point at them).
/// The stock quantity sent is on-hand stock, kept by Inventory in the same transaction.
/// </summary>
public static class SkuAdmin
{
    private static readonly SkuRequest ExampleRequest =
        new("WASH-LG-8KG-SILVER", new Dictionary<string, string> { ["颜色"] = "银色", ["容量"] = "8kg" }, 92900, 5);

    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/{id:long}/skus/{skuId:long}", Get)
            .WithName("GetSkuForAdmin")
            .WithSummary("One SKU of a product")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(SkuAdminResponse.Example);
        admin.MapPost("/{id:long}/skus", Add)
            .WithName("AddSku")
            .WithSummary("Add a SKU; its specs must pick one schema value per spec (422 validation_failed), 409 duplicate_sku_specs / sku_code_taken")
            .Validate<SkuRequest>()
            .ProducesProductChangeProblems()
            .WithRequestExample(ExampleRequest)
            .WithResponseExample(SkuAdminResponse.Example, StatusCodes.Status201Created);
        admin.MapPut("/{id:long}/skus/{skuId:long}", Update)
            .WithName("UpdateSku")
            .WithSummary("Replace a SKU's code, specs, price, on-hand stock and enabled flag; 409 insufficient_stock when on-hand would fall below what open orders reserved; answers the whole product")
            .Validate<SkuRequest>()
            .ProducesProductChangeProblems()
            .WithRequestExample(ExampleRequest)
            .WithResponseExample(ProductAdminResponse.Example);
    }

    public static async Task<Results<Ok<SkuAdminResponse>, ProblemHttpResult>> Get(
        long id, long skuId, CirculaDbContext db, IStockLevels stock, CancellationToken ct)
    {
        if ((await ProductWrites.LoadAsync(db, id, ct))?.Skus.FirstOrDefault(s => s.Id == skuId) is not { } sku)
        {
            return ApiProblems.NotFound("The SKU");
        }

        var levels = await stock.GetAsync([sku.Id], ct);
        return TypedResults.Ok(SkuAdminResponse.From(sku, levels.GetValueOrDefault(sku.Id)));
    }

    public static async Task<Results<Created<SkuAdminResponse>, ProblemHttpResult>> Add(
        long id, SkuRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, ClaimsPrincipal user,
        CirculaDbContext db, IStockLevels stock, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        Sku? added = null;
        var result = await ProductAdmin.ChangeCoreAsync(id, ifMatch, new ProductWrites.Services(db, stock, clock, response), product =>
        {
            if (InvalidChoice(product, request) is { } invalid)
            {
                return Task.FromResult<ProblemHttpResult?>(invalid);
            }

            added = request.ToSku(clock.GetUtcNow().UtcDateTime);
            product.Skus.Add(added);
            return Task.FromResult<ProblemHttpResult?>(null);
        }, afterSave: _ => stock.InitializeAsync(added!.Id, request.StockQuantity, user.UserId(), ct), ct);
        return result.Result is Ok<ProductAdminResponse> { Value: { } product }
            ? TypedResults.Created($"/api/v1/admin/products/{id}/skus/{added!.Id}", product.Skus.Single(s => s.Id == added.Id))
            : (ProblemHttpResult)result.Result;
    }

    public static Task<Results<Ok<ProductAdminResponse>, ProblemHttpResult>> Update(
        long id, long skuId, SkuRequest request, [FromHeader(Name = "If-Match")] string? ifMatch, ClaimsPrincipal user,
        CirculaDbContext db, IStockLevels stock, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        ProductAdmin.ChangeCoreAsync(id, ifMatch, new ProductWrites.Services(db, stock, clock, response), async product =>
        {
            if (product.Skus.FirstOrDefault(s => s.Id == skuId) is not { } sku)
            {
                return ApiProblems.NotFound("The SKU");
            }

            if (InvalidChoice(product, request) is { } invalid)
            {
                return invalid;
            }

            // Stock first: if open orders hold more than the new figure nothing changes, and the transaction rolls back.
            if (await stock.SetOnHandAsync(sku.Id, request.StockQuantity, "catalog edit", user.UserId(), ct) is null)
            {
                return ApiProblems.Conflict(StockErrorCodes.InsufficientStock,
                    $"Open orders have reserved more than {request.StockQuantity} of this SKU; on-hand cannot go below what they hold.");
            }

            request.ApplyTo(sku);
            sku.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            sku.Version++;
            return null;
        }, afterSave: null, ct);

    private static ProblemHttpResult? InvalidChoice(Product product, SkuRequest request)
    {
        var errors = new FieldErrors();
        return SpecRules.ValidateChoice(errors, "specs", product.SpecSchema, request.SpecsOrEmpty) ? null : ApiProblems.Validation(errors.ToDictionary());
    }
}
