using Circula.Data;
using Circula.Inventory.Contracts;
using Circula.Shared;
using Circula.Shared.Results;

namespace Circula.Catalog;

/// <summary>
/// Operators create products with their SKUs, edit them, put them on or off the shelf and delete them.
/// Delete is soft and refused while any SKU still has stock, so stock is never written off by accident.
/// Stock lives in Inventory: every write runs in one transaction with the stock changes it makes (IStockLevels).
/// </summary>
public sealed class ProductEditor(ProductWrites writes, CirculaDbContext db, IStockLevels stock)
{
    public Task<Result<StockedProduct>> GetAsync(long id, CancellationToken ct) => writes.FindAsync(id, ct);

    /// <summary>Creates the product in its own transaction, or in the caller's (an import writes many or none).</summary>
    public async Task<Result<StockedProduct>> CreateAsync(CreateProductRequest request, long? actorUserId, CancellationToken ct)
    {
        if (await writes.CheckCategoryAsync(request.CategoryId, ct) is { } unusable)
        {
            return unusable;
        }

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var product = Product.Create(request.ToFields(), request.Skus.Select(s => s.ToFields()), writes.Now);
        db.Add(product);
        // The product, its SKUs and their starting stock are written in one transaction or not at all; the stock
        // rows need the SKU ids, so they follow the save. product.Skus is request.Skus in the same order.
        if (await writes.SaveAsync(expected: null, ct) is { } conflict)
        {
            return conflict;
        }

        foreach (var (sku, requested) in product.Skus.Zip(request.Skus))
        {
            await stock.InitializeAsync(sku.Id, requested.StockQuantity, actorUserId, ct);
        }

        await writes.RefreshBrowseRowAsync(product, ct);

        var created = await writes.SnapshotAsync(product, ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
            writes.BrowseCommitted();
        }

        return created;
    }

    /// <summary>Changes the product's fields and spec schema; existing SKUs must still fit it.</summary>
    public Task<Result<StockedProduct>> UpdateAsync(long id, ExpectedVersion? expected, ProductFieldsRequest request, CancellationToken ct) =>
        writes.ChangeAsync(id, expected, async product =>
            request.CategoryId != product.CategoryId && await writes.CheckCategoryAsync(request.CategoryId, ct) is { } unusable
                ? unusable
                : product.Edit(request.ToFields()),
            afterSave: null, ct);

    public Task<Result<StockedProduct>> PutOnShelfAsync(long id, ExpectedVersion? expected, CancellationToken ct) =>
        writes.ChangeAsync(id, expected, product => product.PutOnShelf(), ct);

    public Task<Result<StockedProduct>> TakeOffShelfAsync(long id, ExpectedVersion? expected, CancellationToken ct) =>
        writes.ChangeAsync(id, expected, product =>
        {
            product.TakeOffShelf();
            return null;
        }, ct);

    public Task<Result<StockedProduct>> DeleteAsync(long id, ExpectedVersion? expected, CancellationToken ct) =>
        writes.ChangeAsync(id, expected, async product =>
        {
            // Read in the write's transaction (SQLite: under the write lock). On PostgreSQL an operator's adjust racing
            // this delete can still add stock to a just-deleted product; the stock is not lost, Inventory still shows it.
            var levels = await stock.GetAsync(product.Skus.Select(s => s.Id).ToList(), ct);
            if (levels.Values.Any(l => l.OnHand > 0))
            {
                return DomainError.Conflict(CatalogErrors.ProductHasStock, "The product still has stock; set every SKU's stock to 0 before deleting it.");
            }

            product.Delete(writes.Now);
            return null;
        }, afterSave: null, ct);
}
