using Circula.Data;
using Circula.Shared;
using Circula.Shared.OpenApi;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Circula.Catalog.Endpoints;

/// <summary>A product in a list; prices are the lowest and highest of its enabled SKUs.</summary>
public sealed record ProductSummary(long Id, long CategoryId, string Name, string? Subtitle, long MinPriceFen, long MaxPriceFen, DateTime CreatedAt);

/// <summary>
/// The public product list: on-shelf products in visible categories with at least one enabled SKU. A category
/// filter includes its descendants; an unknown or hidden category simply matches nothing.
/// </summary>
public static class ProductBrowse
{
    public static readonly IReadOnlyList<string> Sorts = ["newest", "price_asc", "price_desc", "name"];

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/", Handle)
            .WithName("BrowseProducts")
            .WithSummary("Search on-shelf products: categoryId (with descendants), keyword (name or subtitle), minPrice/maxPrice in fen against the lowest SKU price, sort = newest | price_asc | price_desc | name")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(new PagedList<ProductSummary>(
                [new ProductSummary(42, 7, "二手滚筒洗衣机 8公斤", "九成新, 免费上门安装", 89900, 92900, new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc))],
                1, 20, 1));

    public static async Task<Results<Ok<PagedList<ProductSummary>>, ProblemHttpResult>> Handle(
        long? categoryId, string? keyword, long? minPrice, long? maxPrice, string? sort, int? page, int? pageSize,
        CirculaDbContext db, CancellationToken ct)
    {
        var (pageNumber, size) = (page ?? 1, pageSize ?? 20);
        if (Validate(keyword, minPrice, maxPrice, sort, pageNumber, size) is { } invalid)
        {
            return invalid;
        }

        var tree = await CategoryTree.LoadAsync(db, tracked: false, ct);
        var visible = tree.VisibleIds();
        var categories = (categoryId is { } root ? tree.SubtreeOf(root).Where(visible.Contains) : visible).ToList();

        var rows = db.Set<Product>().AsNoTracking()
            .Where(p => p.IsOnShelf && p.DeletedAt == null && categories.Contains(p.CategoryId))
            .Matching(keyword)
            .Select(p => new
            {
                Product = p,
                MinPrice = p.Skus.Where(s => s.IsEnabled).Min(s => (long?)s.PriceFen),
                MaxPrice = p.Skus.Where(s => s.IsEnabled).Max(s => (long?)s.PriceFen),
            })
            .Where(x => x.MinPrice != null);
        if (minPrice is { } min)
        {
            rows = rows.Where(x => x.MinPrice >= min);
        }

        if (maxPrice is { } max)
        {
            rows = rows.Where(x => x.MinPrice <= max);
        }

        var total = await rows.LongCountAsync(ct);
        // The id breaks ties so pages never overlap or skip rows.
        var ordered = sort switch
        {
            "price_asc" => rows.OrderBy(x => x.MinPrice).ThenBy(x => x.Product.Id),
            "price_desc" => rows.OrderByDescending(x => x.MinPrice).ThenByDescending(x => x.Product.Id),
            "name" => rows.OrderBy(x => x.Product.Name).ThenBy(x => x.Product.Id),
            _ => rows.OrderByDescending(x => x.Product.CreatedAt).ThenByDescending(x => x.Product.Id),
        };
        var items = await ordered.Skip((pageNumber - 1) * size).Take(size)
            .Select(x => new ProductSummary(x.Product.Id, x.Product.CategoryId, x.Product.Name, x.Product.Subtitle,
                x.MinPrice!.Value, x.MaxPrice!.Value, x.Product.CreatedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new PagedList<ProductSummary>(items, pageNumber, size, total));
    }

    private static ProblemHttpResult? Validate(string? keyword, long? minPrice, long? maxPrice, string? sort, int page, int pageSize)
    {
        var errors = new FieldErrors();
        errors.Optional("keyword", keyword, ProductSearch.MaxKeywordLength);
        errors.CheckPaging(page, pageSize);
        if (minPrice is { } min)
        {
            errors.Range("minPrice", min, 0, Sku.MaxPriceFen);
        }

        if (maxPrice is { } max)
        {
            errors.Range("maxPrice", max, 0, Sku.MaxPriceFen);
        }

        if (minPrice > maxPrice)
        {
            errors.Add("minPrice", "must not be greater than maxPrice.");
        }

        if (sort is not null && !Sorts.Contains(sort))
        {
            errors.Add("sort", $"must be one of: {string.Join(", ", Sorts)}.");
        }

        return errors.Any ? ApiProblems.Validation(errors.ToDictionary()) : null;
    }
}
