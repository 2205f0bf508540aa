using System.Diagnostics.Metrics;
using Circula.Shared.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Shared.Metrics;

/// <summary>A module's business measurements, taken from its own events as they are saved (see <see cref="EventMetrics"/>).</summary>
public interface IEventMeasurements
{
    void Record(IIntegrationEvent @event);
}

/// <summary>
/// Counts every event as the unit of work that raised it is saved (<c>circula_events_saved_total{type}</c>) and hands it
/// to the modules' <see cref="IEventMeasurements"/>, so business counters (orders placed, GMV, refunds, stock-outs)
/// cost no outbox delivery and are counted once, by the replica that did the work. An event whose save is later rolled
/// back by an outer transaction is still counted: such rollbacks are failures, rare and logged.
/// </summary>
public sealed class EventMetrics
{
    public const string MeterName = "Circula.Events";

    private readonly Counter<long> _saved;
    private readonly IReadOnlyList<IEventMeasurements> _measurements;

    public EventMetrics(IMeterFactory meters, IEnumerable<IEventMeasurements> measurements)
    {
        _saved = meters.Create(MeterName).CreateCounter<long>("circula.events.saved", "{event}", "Integration events saved, by type.");
        _measurements = measurements.ToList();
    }

    public void Saved(IReadOnlyList<(string Type, object Event)> events)
    {
        foreach (var (type, @event) in events)
        {
            _saved.Add(1, new KeyValuePair<string, object?>("type", type));
            foreach (var measurements in _measurements)
            {
                measurements.Record((IIntegrationEvent)@event);
            }
        }
    }
}

public static class EventMeasurementsRegistration
{
    /// <summary>One <typeparamref name="TMetrics"/> per process, fed every saved event and usable directly by its module.</summary>
    public static IServiceCollection AddEventMeasurements<TMetrics>(this IServiceCollection services) where TMetrics : class, IEventMeasurements
    {
        services.AddSingleton<TMetrics>();
        return services.AddSingleton<IEventMeasurements>(sp => sp.GetRequiredService<TMetrics>());
    }
}
