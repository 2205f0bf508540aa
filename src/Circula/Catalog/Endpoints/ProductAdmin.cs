using System.Security.Claims;
using Circula.Identity.Contracts;
using Circula.Shared.OpenApi;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Circula.Catalog.Endpoints;

/// <summary>Operators create products with their SKUs, edit them, put them on or off the shelf and delete them (<see cref="ProductEditor"/>).</summary>
public static class ProductAdmin
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapPost("/", Create)
            .WithName("CreateProduct")
            .WithResponseHeader("ETag", ProductVersionTag.Described, StatusCodes.Status201Created)
            .WithSummary("Create a product with its SKUs; 422 unknown_category / category_disabled, 409 sku_code_taken / duplicate_sku_specs")
            .Validate<CreateProductRequest>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(new CreateProductRequest(7, "二手滚筒洗衣机 8公斤", "九成新, 免费上门安装", "原厂电机, 已深度清洁消毒。",
                new Dictionary<string, string> { ["品牌"] = "LG", ["成色"] = "9成新" },
                [new SpecDefinition("颜色", ["白色"]), new SpecDefinition("容量", ["8kg"])],
                [new SkuRequest("WASH-LG-8KG-WHITE", new Dictionary<string, string> { ["颜色"] = "白色", ["容量"] = "8kg" }, 89900, 20)]))
            .WithResponseExample(ProductAdminResponse.Example, StatusCodes.Status201Created);
        admin.MapGet("/{id:long}", Get)
            .WithName("GetProductForAdmin")
            .WithResponseHeader("ETag", ProductVersionTag.Described, StatusCodes.Status200OK)
            .WithSummary("A product with all its SKUs, on or off the shelf; the ETag is the version for If-Match")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(ProductAdminResponse.Example);
        admin.MapPut("/{id:long}", Update)
            .WithName("UpdateProduct")
            .WithResponseHeader("ETag", ProductVersionTag.Described, StatusCodes.Status200OK)
            .WithSummary("Change a product's fields and spec schema (existing SKUs must still fit: 422 spec_schema_in_use); optional If-Match → 412 concurrency_conflict when stale")
            .Validate<ProductFieldsRequest>()
            .ProducesProductChangeProblems()
            .WithRequestExample(new ProductFieldsRequest(7, "二手滚筒洗衣机 8公斤", "九五新", null, new Dictionary<string, string> { ["品牌"] = "LG" },
                [new SpecDefinition("颜色", ["白色", "银色"]), new SpecDefinition("容量", ["8kg"])]))
            .WithResponseExample(ProductAdminResponse.Example);
        admin.MapPost("/{id:long}/on-shelf", OnShelf)
            .WithName("PutProductOnShelf")
            .WithResponseHeader("ETag", ProductVersionTag.Described, StatusCodes.Status200OK)
            .WithSummary("Show the product to buyers; 409 no_enabled_sku when none of its SKUs can be sold")
            .ProducesProductChangeProblems()
            .WithResponseExample(ProductAdminResponse.Example);
        admin.MapPost("/{id:long}/off-shelf", OffShelf)
            .WithName("TakeProductOffShelf")
            .WithResponseHeader("ETag", ProductVersionTag.Described, StatusCodes.Status200OK)
            .WithSummary("Hide the product from buyers")
            .ProducesProductChangeProblems()
            .WithResponseExample(ProductAdminResponse.Example);
        admin.MapDelete("/{id:long}", Delete)
            .WithName("DeleteProduct")
            .WithResponseHeader("ETag", ProductVersionTag.Described, StatusCodes.Status204NoContent)
            .WithSummary("Soft-delete a product; 409 product_has_stock while any SKU has stock")
            .ProducesProductChangeProblems();
    }

    public static async Task<Results<Created<ProductAdminResponse>, ProblemHttpResult>> Create(
        CreateProductRequest request, ClaimsPrincipal user, ProductEditor products, HttpResponse response, CancellationToken ct)
    {
        var created = await products.CreateAsync(request, user.UserId(), ct);
        if (!created.IsSuccess)
        {
            return created.Error.ToProblem();
        }

        ProductVersionTag.Set(response, created.Value.Product);
        return TypedResults.Created($"/api/v1/admin/products/{created.Value.Product.Id}", ProductAdminResponse.From(created.Value));
    }

    public static async Task<Results<Ok<ProductAdminResponse>, ProblemHttpResult>> Get(
        long id, ProductEditor products, HttpResponse response, CancellationToken ct) =>
        ProductVersionTag.Answer(response, await products.GetAsync(id, ct));

    public static async Task<Results<Ok<ProductAdminResponse>, ProblemHttpResult>> Update(
        long id, ProductFieldsRequest request, [AsParameters] ProductWriteContext write) =>
        write.Answer(await write.Products.UpdateAsync(id, write.Expected, request, write.Ct));

    public static async Task<Results<Ok<ProductAdminResponse>, ProblemHttpResult>> OnShelf(long id, [AsParameters] ProductWriteContext write) =>
        write.Answer(await write.Products.PutOnShelfAsync(id, write.Expected, write.Ct));

    public static async Task<Results<Ok<ProductAdminResponse>, ProblemHttpResult>> OffShelf(long id, [AsParameters] ProductWriteContext write) =>
        write.Answer(await write.Products.TakeOffShelfAsync(id, write.Expected, write.Ct));

    /// <summary>204 with the deleted version's ETag, so a client can tell which version it removed.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, [AsParameters] ProductWriteContext write)
    {
        var deleted = await write.Products.DeleteAsync(id, write.Expected, write.Ct);
        if (!deleted.IsSuccess)
        {
            return deleted.Error.ToProblem();
        }

        ProductVersionTag.Set(write.Response, deleted.Value.Product);
        return TypedResults.NoContent();
    }
}
