using System.Diagnostics.Metrics;
using Circula.Ordering.Contracts;
using Circula.Shared.Metrics;
using Circula.Shared.Outbox;

namespace Circula.Ordering;

/// <summary>Orders placed and their value, and order transitions by the status reached (paid, cancelled, refunded...).</summary>
public sealed class OrderingMetrics(IMeterFactory meters) : IEventMeasurements
{
    public const string MeterName = "Circula.Ordering";

    private readonly Meter _meter = meters.Create(MeterName);
    private Counter<long>? _placed, _placedValue, _transitions;

    private Counter<long> Placed => _placed ??= _meter.CreateCounter<long>("circula.orders.placed", "{order}", "Orders placed.");
    private Counter<long> PlacedValue => _placedValue ??= _meter.CreateCounter<long>("circula.orders.placed.value", "fen", "Value of the orders placed, in fen.");
    private Counter<long> Transitions => _transitions ??= _meter.CreateCounter<long>("circula.orders.transitions", "{order}", "Order transitions, by the status reached.");

    public void Record(IIntegrationEvent @event)
    {
        switch (@event)
        {
            case OrderPlaced placed:
                Placed.Add(1);
                PlacedValue.Add(placed.TotalFen);
                break;
            case OrderStatusChanged changed:
                Transitions.Add(1, new KeyValuePair<string, object?>("status", changed.To.ToString()));
                break;
        }
    }
}
