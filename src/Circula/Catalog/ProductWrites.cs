using Circula.Data;
using Circula.Inventory.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Circula.Catalog;

/// <summary>
/// What every operator change to a product shares: loading the aggregate, the If-Match check against the product
/// version (SKU changes bump it too) and saving with the SKU unique indexes and the version token.
/// </summary>
internal static class ProductWrites
{
    /// <summary>What every product write handler is given, passed on as one.</summary>
    public sealed record Services(CirculaDbContext Db, IStockLevels Stock, TimeProvider Clock, HttpResponse Response);

    public static Task<Product?> LoadAsync(CirculaDbContext db, long id, CancellationToken ct) =>
        db.Set<Product>().Include(p => p.Skus).FirstOrDefaultAsync(p => p.Id == id && p.DeletedAt == null, ct);

    /// <summary>The admin entity tag: the product version, quoted. Sent back in If-Match to make a write conditional.</summary>
    public static string VersionTag(Product product) => $"\"{product.Version}\"";

    public static bool Matches(string? ifMatch, Product product) =>
        ifMatch is null || ifMatch.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == VersionTag(product));

    /// <summary>
    /// Saves. With If-Match a write that lost the race is 412 like a stale If-Match; without it, it surfaces as
    /// 409 concurrency_conflict from the central handler. SKU unique violations become 409 with their own codes.
    /// </summary>
    public static async Task<ProblemHttpResult?> SaveAsync(CirculaDbContext db, string? ifMatch, CancellationToken ct)
    {
        try
        {
            return await CatalogProblems.SaveAsync(db, ct, CatalogProblems.SkuConflicts);
        }
        catch (DbUpdateConcurrencyException) when (ifMatch is not null)
        {
            return CatalogProblems.StaleVersion();
        }
    }

    /// <summary>The product as operators see it, with every SKU's stock from Inventory.</summary>
    public static async Task<ProductAdminResponse> ResponseAsync(Product product, IStockLevels stock, CancellationToken ct) =>
        ProductAdminResponse.From(product, await stock.GetAsync(product.Skus.Select(s => s.Id).ToList(), ct));

    public static void SetVersionTag(HttpResponse response, Product product) => response.Headers.ETag = VersionTag(product);

    /// <summary>Null when products may be placed in <paramref name="categoryId"/>: it exists and is visible to buyers.</summary>
    public static async Task<ProblemHttpResult?> CheckCategoryAsync(CirculaDbContext db, long categoryId, CancellationToken ct)
    {
        var tree = await CategoryTree.LoadAsync(db, tracked: false, ct);
        return tree.VisibleIds().Contains(categoryId) ? null : CatalogProblems.CategoryNotUsable(categoryId, tree.Find(categoryId) is not null);
    }
}
