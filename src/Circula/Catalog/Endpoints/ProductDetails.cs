using Circula.Catalog.Browse;
using Circula.Inventory.Contracts;
using Circula.Shared;
using Circula.Shared.OpenApi;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

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
/// One product for buyers, with a strong ETag so clients revalidate cheaply (If-None-Match → 304), through the browse
/// cache: kept at most <see cref="BrowseCacheOptions.DetailLifetime"/> because it shows stock. Unknown, deleted,
/// off-shelf products, those in hidden categories and those without enabled SKUs are all 404.
/// </summary>
public static class ProductDetails
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:long}", Handle)
            .WithName("GetProduct")
            .WithResponseHeader("ETag", "Changes whenever this answer would (the product, its SKUs or their availability); send it in If-None-Match to revalidate.",
                StatusCodes.Status200OK, StatusCodes.Status304NotModified)
            .WithRequestHeader("If-None-Match", BrowseAnswers.IfNoneMatchDescribed)
            .WithSummary("A product with its enabled SKUs; ETag + Cache-Control: no-cache, If-None-Match → 304")
            .Produces<ProductDetailsResponse>(StatusCodes.Status200OK, "application/json")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(new ProductDetailsResponse(42, 7, "二手滚筒洗衣机 8公斤", "九成新, 免费上门安装", "原厂电机, 已深度清洁消毒。",
                new Dictionary<string, string> { ["品牌"] = "LG" }, [new SpecDefinition("颜色", ["白色"])], 89900, 89900,
                [new SkuDetails(301, "WASH-LG-8KG-WHITE", new Dictionary<string, string> { ["颜色"] = "白色" }, 89900, 20)]));

    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> Handle(
        long id, IStockLevels stock, [AsParameters] BrowseAnswers browse)
    {
        var answers = browse;
        var answer = await browse.Cache.DetailAsync(id, async ct =>
        {
            var product = await answers.Query.FindListedAsync(id, ct);
            var skus = product?.Skus.Where(s => s.IsEnabled).OrderBy(s => s.Id).ToList() ?? [];
            if (product is null || skus.Count == 0)
            {
                return null;
            }

            var levels = await stock.GetAsync(skus.Select(s => s.Id).ToList(), ct);
            return answers.Serialize(new ProductDetailsResponse(product.Id, product.CategoryId, product.Name, product.Subtitle, product.Description,
                product.Attributes, product.SpecSchema, skus.Min(s => s.PriceFen), skus.Max(s => s.PriceFen),
                skus.Select(s => new SkuDetails(s.Id, s.Code, s.Specs, s.PriceFen, levels.GetValueOrDefault(s.Id)?.Available ?? 0)).ToList()));
        }, browse.Ct);
        return browse.Answer(answer, "The product");
    }
}
