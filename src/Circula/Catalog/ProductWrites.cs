using Circula.Catalog.Browse;
using Circula.Data;
using Circula.Inventory.Contracts;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Catalog;

/// <summary>A product with every SKU's stock from Inventory, as a write left it (read in the write's transaction) or a read found it.</summary>
public sealed record StockedProduct(Product Product, IReadOnlyDictionary<long, StockLevel> Stock);

/// <summary>
/// What every operator change to a product shares: loading the aggregate, the expected-version check against the
/// product version (SKU changes bump it too), saving with the SKU unique indexes and the version token, and rewriting the
/// product's browse row in the same transaction.
/// </summary>
public sealed class ProductWrites(CirculaDbContext db, IStockLevels stock, ProductReadModel readModel, TimeProvider clock)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Result<StockedProduct>> FindAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct) is { } product ? await SnapshotAsync(product, ct) : UnknownProduct();

    /// <summary>Null when products may be placed in <paramref name="categoryId"/>: it exists and is visible to buyers.</summary>
    public async Task<DomainError?> CheckCategoryAsync(long categoryId, CancellationToken ct)
    {
        var tree = await CategoryTree.LoadAsync(db, tracked: false, ct);
        return tree.VisibleIds().Contains(categoryId) ? null : CatalogErrors.CategoryNotUsable(categoryId, tree.Find(categoryId) is not null);
    }

    /// <summary>A change that needs no database look-ups of its own; see the other overload.</summary>
    public Task<Result<StockedProduct>> ChangeAsync(long id, ExpectedVersion? expected, Func<Product, DomainError?> change, CancellationToken ct) =>
        ChangeAsync(id, expected, p => Task.FromResult(change(p)), afterSave: null, ct);

    /// <summary>
    /// In one transaction: loads the product, checks the expected version, lets <paramref name="change"/> apply itself
    /// (or refuse; stock it changed is rolled back), bumps the version, saves, then runs <paramref name="afterSave"/>
    /// for work that needs the ids the save assigned.
    /// </summary>
    public async Task<Result<StockedProduct>> ChangeAsync(long id, ExpectedVersion? expected, Func<Product, Task<DomainError?>> change,
        Func<Product, Task>? afterSave, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await LoadAsync(id, ct) is not { } product)
        {
            return UnknownProduct();
        }

        if (expected is not null && !expected.Allows(product.Version))
        {
            return CatalogErrors.StaleVersion();
        }

        if (await change(product) is { } refused)
        {
            return refused;
        }

        product.Touch(Now);
        if (await SaveAsync(expected, ct) is { } conflict)
        {
            return conflict;
        }

        if (afterSave is not null)
        {
            await afterSave(product);
        }

        await RefreshBrowseRowAsync(product, ct);
        var snapshot = await SnapshotAsync(product, ct);
        await transaction.CommitAsync(ct);
        readModel.Committed();
        return snapshot;
    }

    /// <summary>
    /// Saves. A conditional write that lost the race is stale like a failed version check; an unconditional one
    /// surfaces as 409 concurrency_conflict from the central handler. SKU unique violations become their own conflicts.
    /// </summary>
    public async Task<DomainError?> SaveAsync(ExpectedVersion? expected, CancellationToken ct)
    {
        try
        {
            return await CatalogErrors.SaveAsync(db, ct, CatalogErrors.SkuConflicts);
        }
        catch (DbUpdateConcurrencyException) when (expected is not null)
        {
            return CatalogErrors.StaleVersion();
        }
    }

    /// <summary>Rewrites the product's browse row (<see cref="ProductReadModel"/>); the caller's transaction commits it.</summary>
    public Task RefreshBrowseRowAsync(Product product, CancellationToken ct) => readModel.ProductChangedAsync(product.Id, ct);

    /// <summary>After the commit of a write that rewrote browse rows: see <see cref="ProductReadModel.Committed"/>.</summary>
    public void BrowseCommitted() => readModel.Committed();

    public async Task<StockedProduct> SnapshotAsync(Product product, CancellationToken ct) =>
        new(product, await stock.GetAsync(product.Skus.Select(s => s.Id).ToList(), ct));

    private Task<Product?> LoadAsync(long id, CancellationToken ct) =>
        db.Set<Product>().Include(p => p.Skus).FirstOrDefaultAsync(p => p.Id == id && p.DeletedAt == null, ct);

    private static DomainError UnknownProduct() => DomainError.NotFound("The product");
}
