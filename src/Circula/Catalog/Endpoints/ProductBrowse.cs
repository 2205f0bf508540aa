using System.Globalization;
using Circula.Catalog.Browse;
using Circula.Shared;
using Circula.Shared.OpenApi;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Catalog.Endpoints;

/// <summary>A product in a list; prices are the lowest and highest of its enabled SKUs.</summary>
public sealed record ProductSummary(long Id, long CategoryId, string Name, string? Subtitle, long MinPriceFen, long MaxPriceFen, DateTime CreatedAt);

/// <summary>
/// The public product list: on-shelf products in visible categories with at least one enabled SKU, read from the
/// product read model (<see cref="ProductBrowseQuery"/>) through the browse cache. A category filter includes its
/// descendants; an unknown or hidden category simply matches nothing.
/// </summary>
public static class ProductBrowse
{
    public static readonly IReadOnlyList<string> Sorts = ["newest", "price_asc", "price_desc", "name"];

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/", Handle)
            .WithName("BrowseProducts")
            .WithSummary("Search on-shelf products: categoryId (with descendants), keyword (name or subtitle), minPrice/maxPrice in fen against the lowest SKU price, sort = newest | price_asc | price_desc | name; ETag + Cache-Control: no-cache, If-None-Match → 304")
            .WithResponseHeader("ETag", BrowseAnswers.ETagDescribed, StatusCodes.Status200OK, StatusCodes.Status304NotModified)
            .WithRequestHeader("If-None-Match", BrowseAnswers.IfNoneMatchDescribed)
            .Produces<PagedList<ProductSummary>>(StatusCodes.Status200OK, "application/json")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(new PagedList<ProductSummary>(
                [new ProductSummary(42, 7, "二手滚筒洗衣机 8公斤", "九成新, 免费上门安装", 89900, 92900, new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc))],
                1, 20, 1));

    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> Handle(
        long? categoryId, string? keyword, long? minPrice, long? maxPrice, string? sort, int? page, int? pageSize, [AsParameters] BrowseAnswers browse)
    {
        var filter = new ProductBrowseFilter(categoryId, keyword, minPrice, maxPrice, sort, page ?? 1, pageSize ?? 20);
        if (Validate(filter) is { } invalid)
        {
            return invalid;
        }

        // The keyword goes last: it is the only free text, so no two filters make the same key.
        var key = string.Create(CultureInfo.InvariantCulture,
            $"{filter.CategoryId}|{filter.MinPrice}|{filter.MaxPrice}|{filter.Sort}|{filter.Page}|{filter.PageSize}|{filter.Keyword}");
        var answers = browse;
        var answer = await browse.Cache.ListAsync(key, async ct =>
        {
            var rows = await answers.Query.ListAsync(filter, ct);
            return answers.Serialize(new PagedList<ProductSummary>(
                rows.Items.Select(r => new ProductSummary(r.ProductId, r.CategoryId, r.Name, r.Subtitle, r.MinPriceFen!.Value, r.MaxPriceFen!.Value, r.CreatedAt))
                    .ToList(),
                rows.Page, rows.PageSize, rows.Total));
        }, browse.Ct);
        return browse.Answer(answer, "The product list");
    }

    private static ProblemHttpResult? Validate(ProductBrowseFilter filter)
    {
        var errors = new FieldErrors();
        errors.Optional("keyword", filter.Keyword, ProductSearch.MaxKeywordLength);
        errors.CheckPaging(filter.Page, filter.PageSize);
        if (filter.MinPrice is { } min)
        {
            errors.Range("minPrice", min, 0, Sku.MaxPriceFen);
        }

        if (filter.MaxPrice is { } max)
        {
            errors.Range("maxPrice", max, 0, Sku.MaxPriceFen);
        }

        if (filter.MinPrice > filter.MaxPrice)
        {
            errors.Add("minPrice", "must not be greater than maxPrice.");
        }

        if (filter.Sort is not null && !Sorts.Contains(filter.Sort))
        {
            errors.Add("sort", $"must be one of: {string.Join(", ", Sorts)}.");
        }

        return errors.Any ? ApiProblems.Validation(errors.ToDictionary()) : null;
    }
}
