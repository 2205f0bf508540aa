using Circula.Inventory.Contracts;

namespace Circula.Catalog.Endpoints;

/// <param name="StockQuantity">On-hand stock, the figure a SKU request sends (so a read can be edited and sent back).</param>
/// <param name="Reserved">Promised to open orders; on-hand cannot be set below it.</param>
/// <param name="Available">What buyers can still order: on-hand − reserved.</param>
public sealed record SkuAdminResponse(
    long Id, string Code, IReadOnlyDictionary<string, string> Specs, long PriceFen, int StockQuantity, int Reserved, int Available, bool IsEnabled)
{
    /// <summary><paramref name="stock"/> is null only for a SKU Inventory does not know, which shows as no stock.</summary>
    public static SkuAdminResponse From(Sku s, StockLevel? stock) =>
        new(s.Id, s.Code, s.Specs, s.PriceFen, stock?.OnHand ?? 0, stock?.Reserved ?? 0, stock?.Available ?? 0, s.IsEnabled);

    public static SkuAdminResponse From(StockedSku stocked) => From(stocked.Sku, stocked.Stock);

    internal static readonly SkuAdminResponse Example =
        new(301, "WASH-LG-8KG-WHITE", new Dictionary<string, string> { ["颜色"] = "白色", ["容量"] = "8kg" }, 89900, 20, 2, 18, true);
}

/// <summary>A product as operators see it, on or off the shelf; <c>version</c> is what If-Match carries.</summary>
public sealed record ProductAdminResponse(
    long Id,
    long CategoryId,
    string Name,
    string? Subtitle,
    string? Description,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<SpecDefinition> Specs,
    bool IsOnShelf,
    int Version,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    IReadOnlyList<SkuAdminResponse> Skus)
{
    public static ProductAdminResponse From(StockedProduct stocked)
    {
        var (p, stock) = stocked;
        return new(p.Id, p.CategoryId, p.Name, p.Subtitle, p.Description, p.Attributes, p.SpecSchema, p.IsOnShelf, p.Version, p.CreatedAt, p.UpdatedAt,
            p.Skus.OrderBy(s => s.Id).Select(s => SkuAdminResponse.From(s, stock.GetValueOrDefault(s.Id))).ToList());
    }

    internal static readonly ProductAdminResponse Example = new(42, 7, "二手滚筒洗衣机 8公斤", "九成新, 免费上门安装", "原厂电机, 已深度清洁消毒。",
        new Dictionary<string, string> { ["品牌"] = "LG", ["成色"] = "9成新" },
        [new SpecDefinition("颜色", ["白色"]), new SpecDefinition("容量", ["8kg"])],
        true, 3, new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc), [SkuAdminResponse.Example]);
}
