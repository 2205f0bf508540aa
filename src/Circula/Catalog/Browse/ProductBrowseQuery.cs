using Circula.Data;
using Circula.Shared;
using Microsoft.EntityFrameworkCore;

namespace Circula.Catalog.Browse;

/// <summary>What buyers filter and sort the public list by (already validated); a category includes its descendants.</summary>
public sealed record ProductBrowseFilter(long? CategoryId, string? Keyword, long? MinPrice, long? MaxPrice, string? Sort, int Page, int PageSize);

/// <summary>
/// The public product list, read from the read model only: one indexed range for the category subtree (its path,
/// one primary-key look-up), an ORDER BY that a partial index on the listed rows serves, OFFSET paging (the API pages
/// by number) and a count over the same index. No per-row subquery, no category tree in memory.
/// </summary>
public sealed class ProductBrowseQuery(CirculaDbContext db)
{
    public async Task<PagedList<ProductListingRow>> ListAsync(ProductBrowseFilter filter, CancellationToken ct)
    {
        var rows = db.Set<ProductListingRow>().AsNoTracking().Where(r => r.IsListed);
        if (filter.CategoryId is { } root)
        {
            // An unknown category matches nothing; a hidden one has no listed rows below it.
            if (await db.Set<CategoryPath>().AsNoTracking().FirstOrDefaultAsync(c => c.CategoryId == root, ct) is not { } path)
            {
                return new PagedList<ProductListingRow>([], filter.Page, filter.PageSize, 0);
            }

            var (from, to) = (path.Path, path.SubtreeEnd);
            rows = rows.Where(r => string.Compare(r.CategoryPath, from) >= 0 && string.Compare(r.CategoryPath, to) < 0);
        }

        rows = rows.Matching(filter.Keyword, r => r.Name, r => r.Subtitle);
        if (filter.MinPrice is { } min)
        {
            rows = rows.Where(r => r.MinPriceFen >= min);
        }

        if (filter.MaxPrice is { } max)
        {
            rows = rows.Where(r => r.MinPriceFen <= max);
        }

        // The id breaks ties so pages never overlap or skip rows.
        var ordered = filter.Sort switch
        {
            "price_asc" => rows.OrderBy(r => r.MinPriceFen).ThenBy(r => r.ProductId),
            "price_desc" => rows.OrderByDescending(r => r.MinPriceFen).ThenByDescending(r => r.ProductId),
            "name" => rows.OrderBy(r => r.Name).ThenBy(r => r.ProductId),
            _ => rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.ProductId),
        };
        var (items, total) = await ordered.PageAsync(filter.Page, filter.PageSize, ct);
        return new PagedList<ProductListingRow>(items, filter.Page, filter.PageSize, total);
    }

    /// <summary>A product buyers may see, with its SKUs; null when it is not listed (off the shelf, deleted, hidden, no enabled SKU).</summary>
    public Task<Product?> FindListedAsync(long id, CancellationToken ct) =>
        db.Set<Product>().AsNoTracking().Include(p => p.Skus)
            .Where(p => p.Id == id && db.Set<ProductListingRow>().Any(r => r.ProductId == p.Id && r.IsListed))
            .FirstOrDefaultAsync(ct);
}
