using Circula.Inventory.Contracts;
using Circula.Shared;
using Circula.Shared.Results;

namespace Circula.Catalog;

/// <summary>One SKU of a product with its stock (null for a SKU Inventory does not know, which shows as no stock).</summary>
public sealed record StockedSku(Product Product, Sku Sku, StockLevel? Stock);

/// <summary>
/// Adding and replacing single SKUs of an existing product. A SKU change is a product change: it bumps the product
/// version, so one expected version guards the whole product. SKUs are disabled, never removed (orders point at them).
/// The stock quantity sent is on-hand stock, kept by Inventory in the same transaction.
/// </summary>
public sealed class SkuEditor(ProductWrites writes, IStockLevels stock)
{
    public async Task<Result<StockedSku>> GetAsync(long productId, long skuId, CancellationToken ct)
    {
        var found = await writes.FindAsync(productId, ct);
        return found.IsSuccess && found.Value.Product.Skus.FirstOrDefault(s => s.Id == skuId) is { } sku
            ? new StockedSku(found.Value.Product, sku, found.Value.Stock.GetValueOrDefault(sku.Id))
            : UnknownSku();
    }

    public async Task<Result<StockedSku>> AddAsync(long productId, ExpectedVersion? expected, SkuRequest request, long actorUserId, CancellationToken ct)
    {
        Sku? added = null;
        var changed = await writes.ChangeAsync(productId, expected, product =>
        {
            var result = product.AddSku(request.ToFields(), writes.Now);
            added = result.Value;
            return Task.FromResult(result.Error);
        }, afterSave: _ => stock.InitializeAsync(added!.Id, request.StockQuantity, actorUserId, ct), ct);
        return changed.Map(p => new StockedSku(p.Product, added!, p.Stock.GetValueOrDefault(added!.Id)));
    }

    /// <summary>Replaces a SKU's code, specs, price, enabled flag and on-hand stock; on-hand cannot go below what open orders reserved.</summary>
    public Task<Result<StockedProduct>> ReplaceAsync(long productId, long skuId, ExpectedVersion? expected, SkuRequest request, long actorUserId,
        CancellationToken ct) =>
        writes.ChangeAsync(productId, expected, async product =>
        {
            if (product.Skus.FirstOrDefault(s => s.Id == skuId) is not { } sku)
            {
                return UnknownSku();
            }

            if (product.ReplaceSku(sku, request.ToFields(), writes.Now) is { } misfit)
            {
                return misfit;
            }

            // If open orders hold more than the new figure the refusal rolls back the transaction, and the SKU is not saved.
            return await stock.SetOnHandAsync(sku.Id, request.StockQuantity, "catalog edit", actorUserId, ct) is null
                ? DomainError.Conflict(StockErrorCodes.InsufficientStock,
                    $"Open orders have reserved more than {request.StockQuantity} of this SKU; on-hand cannot go below what they hold.")
                : null;
        }, afterSave: null, ct);

    private static DomainError UnknownSku() => DomainError.NotFound("The SKU");
}
