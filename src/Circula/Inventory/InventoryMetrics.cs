using System.Diagnostics.Metrics;
using Circula.Inventory.Contracts;
using Circula.Shared.Metrics;
using Circula.Shared.Outbox;

namespace Circula.Inventory;

/// <summary>Stock-outs (a reservation refused for want of stock) and low-stock alerts.</summary>
public sealed class InventoryMetrics(IMeterFactory meters) : IEventMeasurements
{
    public const string MeterName = "Circula.Inventory";

    private readonly Meter _meter = meters.Create(MeterName);
    private Counter<long>? _stockOuts, _lowStock;

    private Counter<long> StockOuts => _stockOuts ??= _meter.CreateCounter<long>("circula.stock.outs", "{reservation}", "Reservations refused because too little stock was available.");
    private Counter<long> LowStock => _lowStock ??= _meter.CreateCounter<long>("circula.stock.low", "{alert}", "Low-stock alerts raised.");

    public void StockOut() => StockOuts.Add(1);

    public void Record(IIntegrationEvent @event)
    {
        if (@event is LowStock)
        {
            LowStock.Add(1);
        }
    }
}
