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
/// Operators create products with their SKUs, edit them, put them on or off the shelf and delete them.
/// Delete is soft and refused while any SKU still has stock, so stock is never written off by accident.
/// Stock lives in Inventory: every write runs in one transaction with the stock changes it makes (IStockLevels).
/// </summary>
public static class ProductAdmin
{
    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapPost("/", Create)
            .WithName("CreateProduct")
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
            .WithSummary("A product with all its SKUs, on or off the shelf; the ETag is the version for If-Match")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(ProductAdminResponse.Example);
        admin.MapPut("/{id:long}", Update)
            .WithName("UpdateProduct")
            .WithSummary("Change a product's fields and spec schema (existing SKUs must still fit: 422 spec_schema_in_use); optional If-Match → 412 concurrency_conflict when stale")
            .Validate<ProductFieldsRequest>()
            .ProducesProductChangeProblems()
            .WithRequestExample(new ProductFieldsRequest(7, "二手滚筒洗衣机 8公斤", "九五新", null, new Dictionary<string, string> { ["品牌"] = "LG" },
                [new SpecDefinition("颜色", ["白色", "银色"]), new SpecDefinition("容量", ["8kg"])]))
            .WithResponseExample(ProductAdminResponse.Example);
        admin.MapPost("/{id:long}/on-shelf", OnShelf)
            .WithName("PutProductOnShelf")
            .WithSummary("Show the product to buyers; 409 no_enabled_sku when none of its SKUs can be sold")
            .ProducesProductChangeProblems()
            .WithResponseExample(ProductAdminResponse.Example);
        admin.MapPost("/{id:long}/off-shelf", OffShelf)
            .WithName("TakeProductOffShelf")
            .WithSummary("Hide the product from buyers")
            .ProducesProductChangeProblems()
            .WithResponseExample(ProductAdminResponse.Example);
        admin.MapDelete("/{id:long}", Delete)
            .WithName("DeleteProduct")
            .WithSummary("Soft-delete a product; 409 product_has_stock while any SKU has stock")
            .ProducesProductChangeProblems();
    }

    public static async Task<Results<Created<ProductAdminResponse>, ProblemHttpResult>> Create(
        CreateProductRequest request, ClaimsPrincipal user, CirculaDbContext db, IStockLevels stock, TimeProvider clock, HttpResponse response,
        CancellationToken ct)
    {
        if (await ProductWrites.CheckCategoryAsync(db, request.CategoryId, ct) is { } unusable)
        {
            return unusable;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var product = new Product { Name = request.Name, CreatedAt = now, UpdatedAt = now };
        request.ApplyTo(product);
        product.Skus = request.Skus.Select(s => s.ToSku(now)).ToList();
        db.Add(product);
        // The product, its SKUs and their starting stock are written in one transaction or not at all; the stock
        // rows need the SKU ids, so they follow the save. product.Skus is request.Skus in the same order.
        if (await ProductWrites.SaveAsync(db, ifMatch: null, ct) is { } conflict)
        {
            return conflict;
        }

        foreach (var (sku, requested) in product.Skus.Zip(request.Skus))
        {
            await stock.InitializeAsync(sku.Id, requested.StockQuantity, user.UserId(), ct);
        }

        var body = await ProductWrites.ResponseAsync(product, stock, ct);
        await transaction.CommitAsync(ct);
        ProductWrites.SetVersionTag(response, product);
        return TypedResults.Created($"/api/v1/admin/products/{product.Id}", body);
    }

    public static async Task<Results<Ok<ProductAdminResponse>, ProblemHttpResult>> Get(
        long id, CirculaDbContext db, IStockLevels stock, HttpResponse response, CancellationToken ct)
    {
        if (await ProductWrites.LoadAsync(db, id, ct) is not { } product)
        {
            return ApiProblems.NotFound("The product");
        }

        ProductWrites.SetVersionTag(response, product);
        return TypedResults.Ok(await ProductWrites.ResponseAsync(product, stock, ct));
    }

    public static async Task<Results<Ok<ProductAdminResponse>, ProblemHttpResult>> Update(
        long id, ProductFieldsRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        CirculaDbContext db, IStockLevels stock, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        await ChangeCoreAsync(id, ifMatch, new ProductWrites.Services(db, stock, clock, response), async product =>
        {
            if (request.CategoryId != product.CategoryId && await ProductWrites.CheckCategoryAsync(db, request.CategoryId, ct) is { } unusable)
            {
                return unusable;
            }

            var errors = new FieldErrors();
            foreach (var sku in product.Skus)
            {
                SpecRules.ValidateChoice(errors, $"skus[{sku.Id}].specs", request.UsableSchema, sku.Specs);
            }

            if (errors.Any)
            {
                return ApiProblems.Unprocessable(CatalogProblems.SpecSchemaInUse,
                    "Existing SKUs do not fit the new spec schema; change or disable those SKUs first.", errors.ToDictionary());
            }

            request.ApplyTo(product);
            return null;
        }, afterSave: null, ct);

    public static Task<Results<Ok<ProductAdminResponse>, ProblemHttpResult>> OnShelf(
        long id, [FromHeader(Name = "If-Match")] string? ifMatch, CirculaDbContext db, IStockLevels stock, TimeProvider clock, HttpResponse response,
        CancellationToken ct) =>
        ChangeAsync(id, ifMatch, new ProductWrites.Services(db, stock, clock, response), product =>
        {
            if (!product.Skus.Any(s => s.IsEnabled))
            {
                return ApiProblems.Conflict(CatalogProblems.NoEnabledSku, "Enable at least one SKU before putting the product on the shelf.");
            }

            product.IsOnShelf = true;
            return null;
        }, ct);

    public static Task<Results<Ok<ProductAdminResponse>, ProblemHttpResult>> OffShelf(
        long id, [FromHeader(Name = "If-Match")] string? ifMatch, CirculaDbContext db, IStockLevels stock, TimeProvider clock, HttpResponse response,
        CancellationToken ct) =>
        ChangeAsync(id, ifMatch, new ProductWrites.Services(db, stock, clock, response), product =>
        {
            product.IsOnShelf = false;
            return null;
        }, ct);

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        long id, [FromHeader(Name = "If-Match")] string? ifMatch, CirculaDbContext db, IStockLevels stock, TimeProvider clock, HttpResponse response,
        CancellationToken ct)
    {
        var result = await ChangeCoreAsync(id, ifMatch, new ProductWrites.Services(db, stock, clock, response), async product =>
        {
            // Read in the write's transaction (SQLite: under the write lock). On PostgreSQL an operator's adjust racing
            // this delete can still add stock to a just-deleted product; the stock is not lost, Inventory still shows it.
            var levels = await stock.GetAsync(product.Skus.Select(s => s.Id).ToList(), ct);
            if (levels.Values.Any(l => l.OnHand > 0))
            {
                return ApiProblems.Conflict(CatalogProblems.ProductHasStock,
                    "The product still has stock; set every SKU's stock to 0 before deleting it.");
            }

            product.IsOnShelf = false;
            product.DeletedAt = clock.GetUtcNow().UtcDateTime;
            return null;
        }, afterSave: null, ct);
        return result.Result is ProblemHttpResult problem ? problem : TypedResults.NoContent();
    }

    /// <summary>A change that needs no database look-ups of its own; see <see cref="ChangeCoreAsync"/>.</summary>
    internal static Task<Results<Ok<ProductAdminResponse>, ProblemHttpResult>> ChangeAsync(
        long id, string? ifMatch, ProductWrites.Services services, Func<Product, ProblemHttpResult?> change, CancellationToken ct) =>
        ChangeCoreAsync(id, ifMatch, services, p => Task.FromResult(change(p)), afterSave: null, ct);

    /// <summary>
    /// In one transaction: loads the product, checks If-Match, lets <paramref name="change"/> apply itself (or refuse
    /// with a problem; stock it changed is rolled back), bumps the version, saves, then runs <paramref name="afterSave"/>
    /// for work that needs the ids the save assigned.
    /// </summary>
    internal static async Task<Results<Ok<ProductAdminResponse>, ProblemHttpResult>> ChangeCoreAsync(
        long id, string? ifMatch, ProductWrites.Services services, Func<Product, Task<ProblemHttpResult?>> change,
        Func<Product, Task>? afterSave, CancellationToken ct)
    {
        var (db, stock, clock, response) = services;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await ProductWrites.LoadAsync(db, id, ct) is not { } product)
        {
            return ApiProblems.NotFound("The product");
        }

        if (!ProductWrites.Matches(ifMatch, product))
        {
            return CatalogProblems.StaleVersion();
        }

        if (await change(product) is { } refused)
        {
            return refused;
        }

        product.Touch(clock.GetUtcNow().UtcDateTime);
        if (await ProductWrites.SaveAsync(db, ifMatch, ct) is { } conflict)
        {
            return conflict;
        }

        if (afterSave is not null)
        {
            await afterSave(product);
        }

        var body = await ProductWrites.ResponseAsync(product, stock, ct);
        await transaction.CommitAsync(ct);
        ProductWrites.SetVersionTag(response, product);
        return TypedResults.Ok(body);
    }
}
