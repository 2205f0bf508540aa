using System.Diagnostics.Metrics;
using Circula.Inventory.Contracts;
using Circula.Shared.Metrics;
using Circula.Shared.Outbox;

namespace Circula.Inventory;

/// <summary>Stock-outs (a reservation refused for want of stock) and low-stock alerts.</summary>
public sealed class InventoryMetrics : IEventMeasurements
{
    public const string MeterName = "Circula.Inventory";

    private readonly Counter<long> _stockOuts, _lowStock;

    public InventoryMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _stockOuts = meter.CreateCounter<long>("circula.stock.outs", "{reservation}", "Reservations refused because too little stock was available.");
        _lowStock = meter.CreateCounter<long>("circula.stock.low", "{alert}", "Low-stock alerts raised.");
    }

    public void StockOut() => _stockOuts.Add(1);

    public void Record(IIntegrationEvent @event)
    {
        if (@event is LowStock)
        {
            _lowStock.Add(1);
        }
    }
}
