using System.Security.Claims;
using Circula.Identity.Contracts;
using Circula.Shared.OpenApi;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Circula.Catalog.Endpoints;

/// <summary>Adding and replacing single SKUs of an existing product (<see cref="SkuEditor"/>); one If-Match guards the whole product.</summary>
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
            .WithResponseHeader("ETag", ProductVersionTag.Described, StatusCodes.Status201Created)
            .WithSummary("Add a SKU; its specs must pick one schema value per spec (422 validation_failed), 409 duplicate_sku_specs / sku_code_taken")
            .Validate<SkuRequest>()
            .ProducesProductChangeProblems()
            .WithRequestExample(ExampleRequest)
            .WithResponseExample(SkuAdminResponse.Example, StatusCodes.Status201Created);
        admin.MapPut("/{id:long}/skus/{skuId:long}", Update)
            .WithName("UpdateSku")
            .WithResponseHeader("ETag", ProductVersionTag.Described, StatusCodes.Status200OK)
            .WithSummary("Replace a SKU's code, specs, price, on-hand stock and enabled flag; 409 insufficient_stock when on-hand would fall below what open orders reserved; answers the whole product")
            .Validate<SkuRequest>()
            .ProducesProductChangeProblems()
            .WithRequestExample(ExampleRequest)
            .WithResponseExample(ProductAdminResponse.Example);
    }

    public static async Task<Results<Ok<SkuAdminResponse>, ProblemHttpResult>> Get(long id, long skuId, SkuEditor skus, CancellationToken ct) =>
        (await skus.GetAsync(id, skuId, ct)).ToOk(SkuAdminResponse.From);

    public static async Task<Results<Created<SkuAdminResponse>, ProblemHttpResult>> Add(long id, SkuRequest request, [AsParameters] ProductWriteContext write)
    {
        var added = await write.Skus.AddAsync(id, write.Expected, request, write.User.UserId(), write.Ct);
        if (!added.IsSuccess)
        {
            return added.Error.ToProblem();
        }

        ProductVersionTag.Set(write.Response, added.Value.Product);
        return TypedResults.Created($"/api/v1/admin/products/{id}/skus/{added.Value.Sku.Id}", SkuAdminResponse.From(added.Value));
    }

    public static async Task<Results<Ok<ProductAdminResponse>, ProblemHttpResult>> Update(
        long id, long skuId, SkuRequest request, [AsParameters] ProductWriteContext write) =>
        write.Answer(await write.Skus.ReplaceAsync(id, skuId, write.Expected, request, write.User.UserId(), write.Ct));
}
