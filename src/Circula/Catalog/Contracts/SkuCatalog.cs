namespace Circula.Catalog.Contracts;

/// <summary>What an order needs to know of a SKU at the moment it is placed (prices and names are snapshotted).</summary>
public sealed record SkuForSale(
    long SkuId, long ProductId, string ProductName, string SkuCode, IReadOnlyDictionary<string, string> Specs, long PriceFen, bool IsSellable);

public interface ISkuCatalog
{
    /// <summary>The SKUs that exist among <paramref name="skuIds"/>; IsSellable is false when the SKU is disabled,
    /// its product off the shelf or deleted, or its category (or an ancestor) disabled.</summary>
    Task<IReadOnlyDictionary<long, SkuForSale>> GetAsync(IReadOnlyCollection<long> skuIds, CancellationToken ct);
}
