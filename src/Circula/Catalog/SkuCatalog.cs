using System.Text.Json;
using Circula.Catalog.Contracts;
using Circula.Data;

namespace Circula.Catalog;

/// <summary>SKUs as an order sees them when it is placed: names and prices to snapshot, and whether they may be sold now.</summary>
internal sealed class SkuCatalog(CirculaDbContext db) : ISkuCatalog
{
    /// <summary>
    /// One round trip on the order's hot path: the SKUs with the few product columns an order snapshots, and whether each may
    /// be sold: the SKU enabled, its product on the shelf and not deleted, in a category whose whole path is enabled (read from
    /// the browse read model, whose paths carry visibility through the ancestors and are written in every category change's
    /// transaction).
    /// </summary>
    public async Task<IReadOnlyDictionary<long, SkuForSale>> GetAsync(IReadOnlyCollection<long> skuIds, CancellationToken ct)
    {
        var names = skuIds.Select((_, i) => $"@s{i}").ToList();
        var rows = await db.QueryAsync($"""
            SELECT s.id, p.id, p.name, s.code, s.specs, s.price_fen,
                   s.is_enabled AND p.is_on_shelf AND p.deleted_at IS NULL
                   AND EXISTS (SELECT 1 FROM catalog_category_paths c WHERE c.category_id = p.category_id AND c.is_visible)
            FROM skus s JOIN products p ON p.id = s.product_id
            WHERE s.id IN ({string.Join(", ", names)})
            """,
            r => new SkuForSale(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3),
                JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(4), CatalogModel.StorageJson)!, r.GetInt64(5), r.GetBoolean(6)),
            ct, [.. names.Zip(skuIds, (name, id) => (name, (object?)id))]);
        return rows.ToDictionary(s => s.SkuId);
    }
}
