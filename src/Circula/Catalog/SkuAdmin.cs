using Circula.Data;
using Circula.Shared;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Circula.Catalog;

/// <summary>
/// Adding and replacing single SKUs of an existing product. A SKU change is a product change: it bumps the product
/// version, so one If-Match guards the whole product. SKUs are disabled, never removed (orders will point at them).
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
            .WithSummary("Replace a SKU's code, specs, price, stock and enabled flag; answers the whole product")
            .Validate<SkuRequest>()
            .ProducesProductChangeProblems()
            .WithRequestExample(ExampleRequest)
            .WithResponseExample(ProductAdminResponse.Example);
    }

    public static async Task<Results<Ok<SkuAdminResponse>, ProblemHttpResult>> Get(long id, long skuId, CirculaDbContext db, CancellationToken ct) =>
        (await ProductWrites.LoadAsync(db, id, ct))?.Skus.FirstOrDefault(s => s.Id == skuId) is { } sku
            ? TypedResults.Ok(SkuAdminResponse.From(sku))
            : ApiProblems.NotFound("The SKU");

    public static async Task<Results<Created<SkuAdminResponse>, ProblemHttpResult>> Add(
        long id, SkuRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        CirculaDbContext db, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        Sku? added = null;
        var result = await ProductAdmin.ChangeAsync(id, ifMatch, db, clock, response, product =>
        {
            if (InvalidChoice(product, request) is { } invalid)
            {
                return invalid;
            }

            added = request.ToSku(clock.GetUtcNow().UtcDateTime);
            product.Skus.Add(added);
            return null;
        }, ct);
        return result.Result is ProblemHttpResult problem
            ? problem
            : TypedResults.Created($"/api/v1/admin/products/{id}/skus/{added!.Id}", SkuAdminResponse.From(added));
    }

    public static Task<Results<Ok<ProductAdminResponse>, ProblemHttpResult>> Update(
        long id, long skuId, SkuRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        CirculaDbContext db, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        ProductAdmin.ChangeAsync(id, ifMatch, db, clock, response, product =>
        {
            if (product.Skus.FirstOrDefault(s => s.Id == skuId) is not { } sku)
            {
                return ApiProblems.NotFound("The SKU");
            }

            if (InvalidChoice(product, request) is { } invalid)
            {
                return invalid;
            }

            request.ApplyTo(sku);
            sku.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            sku.Version++;
            return null;
        }, ct);

    private static ProblemHttpResult? InvalidChoice(Product product, SkuRequest request)
    {
        var errors = new FieldErrors();
        return SpecRules.ValidateChoice(errors, "specs", product.SpecSchema, request.SpecsOrEmpty) ? null : ApiProblems.Validation(errors.ToDictionary());
    }
}
