using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Circula.Data;
using Circula.Inventory.Contracts;
using Circula.Shared;
using Circula.Shared.OpenApi;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Circula.Catalog.Endpoints;

/// <param name="Available">What can still be ordered: on-hand stock less what open orders have reserved (from Inventory).</param>
public sealed record SkuDetails(long Id, string Code, IReadOnlyDictionary<string, string> Specs, long PriceFen, int Available);

public sealed record ProductDetailsResponse(
    long Id,
    long CategoryId,
    string Name,
    string? Subtitle,
    string? Description,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<SpecDefinition> Specs,
    long MinPriceFen,
    long MaxPriceFen,
    IReadOnlyList<SkuDetails> Skus);

/// <summary>
/// One product for buyers, with a strong ETag so clients revalidate cheaply (If-None-Match → 304).
/// Unknown, deleted, off-shelf products, those in hidden categories and those without enabled SKUs are all 404.
/// </summary>
public static class ProductDetails
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:long}", Handle)
            .WithName("GetProduct")
            .WithResponseHeader("ETag", "Changes whenever this answer would (the product, its SKUs or their availability); send it in If-None-Match to revalidate.",
                StatusCodes.Status200OK, StatusCodes.Status304NotModified)
            .WithRequestHeader("If-None-Match", "The ETag of the copy you have: 304 Not Modified without a body while it is current.")
            .WithSummary("A product with its enabled SKUs; ETag + Cache-Control: no-cache, If-None-Match → 304")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(new ProductDetailsResponse(42, 7, "二手滚筒洗衣机 8公斤", "九成新, 免费上门安装", "原厂电机, 已深度清洁消毒。",
                new Dictionary<string, string> { ["品牌"] = "LG" }, [new SpecDefinition("颜色", ["白色"])], 89900, 89900,
                [new SkuDetails(301, "WASH-LG-8KG-WHITE", new Dictionary<string, string> { ["颜色"] = "白色" }, 89900, 20)]));

    public static async Task<Results<Ok<ProductDetailsResponse>, StatusCodeHttpResult, ProblemHttpResult>> Handle(
        long id, HttpRequest request, HttpResponse response, CirculaDbContext db, IStockLevels stock, CancellationToken ct)
    {
        var product = await db.Set<Product>().AsNoTracking().Include(p => p.Skus)
            .FirstOrDefaultAsync(p => p.Id == id && p.IsOnShelf && p.DeletedAt == null, ct);
        var skus = product?.Skus.Where(s => s.IsEnabled).OrderBy(s => s.Id).ToList() ?? [];
        if (product is null || skus.Count == 0 || !product.IsListed((await CategoryTree.LoadAsync(db, tracked: false, ct)).VisibleIds()))
        {
            return ApiProblems.NotFound("The product");
        }

        var levels = await stock.GetAsync(skus.Select(s => s.Id).ToList(), ct);
        int AvailableOf(Sku sku) => levels.GetValueOrDefault(sku.Id)?.Available ?? 0;
        var etag = EntityTagOf(product, skus, AvailableOf);
        response.Headers.ETag = etag;
        response.Headers.CacheControl = "no-cache";
        if (request.GetTypedHeaders().IfNoneMatch.Any(t => t.Tag == etag || t.Equals(EntityTagHeaderValue.Any)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Ok(new ProductDetailsResponse(product.Id, product.CategoryId, product.Name, product.Subtitle, product.Description,
            product.Attributes, product.SpecSchema, skus.Min(s => s.PriceFen), skus.Max(s => s.PriceFen),
            skus.Select(s => new SkuDetails(s.Id, s.Code, s.Specs, s.PriceFen, AvailableOf(s))).ToList()));
    }

    /// <summary>
    /// Changes whenever the body can: every product and SKU edit bumps a version, and availability is hashed too
    /// because orders and stock adjustments change it without touching the catalog's versions.
    /// </summary>
    internal static string EntityTagOf(Product product, IEnumerable<Sku> shownSkus, Func<Sku, int> available)
    {
        var source = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{product.Id}:{product.Version}");
        foreach (var sku in shownSkus)
        {
            source.Append(CultureInfo.InvariantCulture, $"|{sku.Id}:{sku.Version}:{available(sku)}");
        }

        return "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source.ToString())))[..32] + "\"";
    }
}
