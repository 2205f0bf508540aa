using Circula.Data;
using Circula.Inventory.Contracts;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Catalog;

/// <summary>What operators filter the product list by; a category includes its descendants, disabled ones too.</summary>
public sealed record ProductListFilter(string? Keyword, long? CategoryId, bool? OnShelf, int Page, int PageSize);

/// <summary>
/// A product in the operators' list, on or off the shelf. Prices are the lowest and highest of all its SKUs (0 when it
/// has none); stock figures are the sums over its SKUs.
/// </summary>
public sealed record ProductListItem(long Id, long CategoryId, string Name, string? Subtitle, bool IsOnShelf, int SkuCount, int EnabledSkuCount,
    long MinPriceFen, long MaxPriceFen, long OnHand, long Available, int Version, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>The operators' product list: every product that is not deleted, newest first.</summary>
public sealed class ProductListing(CirculaDbContext db, IStockLevels stock)
{
    public async Task<Result<PagedList<ProductListItem>>> ListAsync(ProductListFilter filter, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Optional("keyword", filter.Keyword, ProductSearch.MaxKeywordLength);
        errors.CheckPaging(filter.Page, filter.PageSize);
        if (filter.CategoryId is { } id)
        {
            errors.Range("categoryId", id, 1, long.MaxValue);
        }

        if (errors.Any)
        {
            return DomainError.Validation(errors.ToDictionary());
        }

        var query = db.Set<Product>().AsNoTracking().Where(p => p.DeletedAt == null).Matching(filter.Keyword);
        if (filter.CategoryId is { } root)
        {
            var categories = (await CategoryTree.LoadAsync(db, tracked: false, ct)).SubtreeOf(root).ToList();
            query = query.Where(p => categories.Contains(p.CategoryId));
        }

        if (filter.OnShelf is { } onShelf)
        {
            query = query.Where(p => p.IsOnShelf == onShelf);
        }

        var (products, total) = await query.Include(p => p.Skus).OrderByDescending(p => p.Id).PageAsync(filter.Page, filter.PageSize, ct);
        var levels = await stock.GetAsync(products.SelectMany(p => p.Skus).Select(s => s.Id).ToList(), ct);
        var items = products.Select(p => Item(p, levels)).ToList();
        return new PagedList<ProductListItem>(items, filter.Page, filter.PageSize, total);
    }

    private static ProductListItem Item(Product p, IReadOnlyDictionary<long, StockLevel> levels)
    {
        var prices = p.Skus.Select(s => s.PriceFen).DefaultIfEmpty(0).ToList();
        var stocks = p.Skus.Select(s => levels.GetValueOrDefault(s.Id)).OfType<StockLevel>().ToList();
        return new(p.Id, p.CategoryId, p.Name, p.Subtitle, p.IsOnShelf, p.Skus.Count, p.Skus.Count(s => s.IsEnabled), prices.Min(), prices.Max(),
            stocks.Sum(s => (long)s.OnHand), stocks.Sum(s => (long)s.Available), p.Version, p.CreatedAt, p.UpdatedAt);
    }
}
