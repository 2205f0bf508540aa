using Circula.Catalog.Contracts;
using Circula.Shared.Outbox;

namespace Circula.Inventory.Contracts;

/// <summary>
/// A SKU's available stock fell from above its low-stock threshold to at or below it. Raised once per crossing:
/// further sales while it stays low raise nothing until stock has risen above the threshold again.
/// </summary>
public sealed record LowStock(SkuId SkuId, int Available, int Threshold) : IIntegrationEvent
{
    public static string EventType => "inventory.low-stock.v1";
}
