using Circula.Catalog.Contracts;
using Circula.Data;
using Microsoft.EntityFrameworkCore;

namespace Circula.Catalog;

/// <summary>SKUs as an order sees them when it is placed: names and prices to snapshot, and whether they may be sold now.</summary>
internal sealed class SkuCatalog(CirculaDbContext db) : ISkuCatalog
{
    public async Task<IReadOnlyDictionary<long, SkuForSale>> GetAsync(IReadOnlyCollection<long> skuIds, CancellationToken ct)
    {
        var rows = await db.Set<Sku>().AsNoTracking().Where(s => skuIds.Contains(s.Id))
            .Join(db.Set<Product>().AsNoTracking(), s => s.ProductId, p => p.Id, (s, p) => new { Sku = s, Product = p })
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return new Dictionary<long, SkuForSale>();
        }

        var visible = await VisibleAsync(rows.Select(r => r.Product.CategoryId).Distinct().ToList(), ct);
        return rows.ToDictionary(r => r.Sku.Id, r => new SkuForSale(r.Sku.Id, r.Product.Id, r.Product.Name, r.Sku.Code, r.Sku.Specs, r.Sku.PriceFen,
            IsSellable: r.Sku.IsEnabled && r.Product.IsListed(visible)));
    }

    // The browse read model's paths carry each category's visibility through its ancestors and are written in every
    // category change's transaction, so an order reads a handful of rows instead of the whole tree.
    private async Task<IReadOnlySet<long>> VisibleAsync(List<long> categoryIds, CancellationToken ct)
    {
        var names = categoryIds.Select((_, i) => $"@c{i}").ToList();
        var visible = await db.QueryAsync(
            $"SELECT category_id FROM catalog_category_paths WHERE is_visible AND category_id IN ({string.Join(", ", names)})",
            r => r.GetInt64(0), ct, [.. names.Zip(categoryIds, (name, id) => (name, (object?)id))]);
        return visible.ToHashSet();
    }
}
