using Circula.Data;
using Microsoft.EntityFrameworkCore;

namespace Circula.Catalog.Browse;

/// <summary>
/// Keeps the browse read model (catalog_category_paths, catalog_product_listing) true in the transaction of every
/// catalog write. Each write first bumps catalog_version: on PostgreSQL that row's lock orders catalog writers from
/// there to their commit, so the statements after it see every earlier writer's rows (a category move and a product
/// put into the moved subtree cannot each miss the other); SQLite writers hold the database write lock anyway. The
/// number tells every replica's <see cref="CatalogVersionWatcher"/> that its browse cache went stale.
/// </summary>
public sealed class ProductReadModel(CirculaDbContext db, CatalogVersion version)
{
    private long? _written;

    // One statement for both providers: booleans are integers on SQLite, and a SELECT with a WHERE keeps SQLite's
    // parser from reading ON CONFLICT as part of a join.
    private const string Refresh = """
        INSERT INTO catalog_product_listing (product_id, category_id, category_path, name, subtitle, min_price_fen, max_price_fen,
            is_on_shelf, is_deleted, category_visible, is_listed, created_at, updated_at, version)
        SELECT p.id, p.category_id, c.path, p.name, p.subtitle, s.min_price, s.max_price, p.is_on_shelf, p.deleted_at IS NOT NULL,
            c.is_visible, p.is_on_shelf AND p.deleted_at IS NULL AND c.is_visible AND s.min_price IS NOT NULL, p.created_at, p.updated_at, p.version
        FROM products p
        JOIN catalog_category_paths c ON c.category_id = p.category_id
        LEFT JOIN (SELECT product_id, min(price_fen) AS min_price, max(price_fen) AS max_price FROM skus WHERE is_enabled GROUP BY product_id) s
            ON s.product_id = p.id
        WHERE {0}
        ON CONFLICT (product_id) DO UPDATE SET category_id = excluded.category_id, category_path = excluded.category_path,
            name = excluded.name, subtitle = excluded.subtitle, min_price_fen = excluded.min_price_fen, max_price_fen = excluded.max_price_fen,
            is_on_shelf = excluded.is_on_shelf, is_deleted = excluded.is_deleted, category_visible = excluded.category_visible,
            is_listed = excluded.is_listed, updated_at = excluded.updated_at, version = excluded.version
        """;

    // Products whose row still shows an old path or visibility of their category.
    private const string OutOfDate = """
        p.id IN (SELECT l.product_id FROM catalog_product_listing l JOIN catalog_category_paths cp ON cp.category_id = l.category_id
                 WHERE l.category_path <> cp.path OR l.category_visible <> cp.is_visible)
        """;

    /// <summary>A product, its SKUs or its shelf state changed (saved, not yet committed).</summary>
    public async Task ProductChangedAsync(long productId, CancellationToken ct)
    {
        await BumpVersionAsync(ct);
        await db.ExecuteAsync(string.Format(Refresh, "p.id = @id"), ct, ("@id", productId));
    }

    /// <summary>A category was created, renamed, moved, enabled or disabled (saved, not yet committed).</summary>
    public async Task CategoriesChangedAsync(CancellationToken ct)
    {
        await BumpVersionAsync(ct);
        await RewritePathsAsync(ct);
        await db.ExecuteAsync(string.Format(Refresh, OutOfDate), ct);
    }

    /// <summary>Every row from scratch: after seeding, which writes categories and products without the editors.</summary>
    public async Task RebuildAsync(CancellationToken ct)
    {
        await BumpVersionAsync(ct);
        await RewritePathsAsync(ct);
        await db.ExecuteAsync(string.Format(Refresh, "p.id > 0"), ct);
    }

    /// <summary>
    /// Call after the write's commit: this replica answers from the new version at once (read your own writes), instead
    /// of after its next poll. Before the commit another request could cache the old rows under the new version.
    /// </summary>
    public void Committed()
    {
        if (_written is { } written)
        {
            version.Advance(written);
        }
    }

    private async Task BumpVersionAsync(CancellationToken ct) =>
        _written = (await db.QueryAsync("UPDATE catalog_version SET version = version + 1 WHERE id = 1 RETURNING version", r => r.GetInt64(0), ct))
            .Single();

    /// <summary>Writes the paths that differ from what the tree says now; a shop has hundreds of categories, and this is a write.</summary>
    private async Task RewritePathsAsync(CancellationToken ct)
    {
        var tree = await CategoryTree.LoadAsync(db, tracked: false, ct);
        var stored = await db.Set<CategoryPath>().AsNoTracking().ToDictionaryAsync(p => p.CategoryId, ct);
        foreach (var path in tree.Paths())
        {
            if (stored.GetValueOrDefault(path.CategoryId) is not { } old || old.Path != path.Path || old.IsVisible != path.IsVisible)
            {
                await db.ExecuteAsync("""
                    INSERT INTO catalog_category_paths (category_id, path, is_visible) VALUES (@id, @path, @visible)
                    ON CONFLICT (category_id) DO UPDATE SET path = excluded.path, is_visible = excluded.is_visible
                    """, ct, ("@id", path.CategoryId), ("@path", path.Path), ("@visible", path.IsVisible));
            }
        }
    }
}
