using System.Diagnostics.Metrics;
using Circula.Ordering.Contracts;
using Circula.Shared.Metrics;
using Circula.Shared.Outbox;

namespace Circula.Ordering;

/// <summary>Orders placed and their value, and order transitions by the status reached (paid, cancelled, refunded...).</summary>
public sealed class OrderingMetrics : IEventMeasurements
{
    public const string MeterName = "Circula.Ordering";

    private readonly Counter<long> _placed, _placedValue, _transitions;

    public OrderingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _placed = meter.CreateCounter<long>("circula.orders.placed", "{order}", "Orders placed.");
        _placedValue = meter.CreateCounter<long>("circula.orders.placed.value", "fen", "Value of the orders placed, in fen.");
        _transitions = meter.CreateCounter<long>("circula.orders.transitions", "{order}", "Order transitions, by the status reached.");
    }

    public void Record(IIntegrationEvent @event)
    {
        switch (@event)
        {
            case OrderPlaced placed:
                _placed.Add(1);
                _placedValue.Add(placed.TotalFen);
                break;
            case OrderStatusChanged changed:
                _transitions.Add(1, new KeyValuePair<string, object?>("status", changed.To.ToString()));
                break;
        }
    }
}
