using System.Diagnostics.Metrics;

namespace Circula.Shared.Outbox;

/// <summary>
/// How the outbox keeps up: the lag from an event's commit to its delivery (<c>circula_outbox_delivery_lag_seconds</c>,
/// the figure alerts watch) and messages that became dead letters, by type.
/// </summary>
public sealed class OutboxMetrics
{
    public const string MeterName = "Circula.Outbox";

    private readonly Histogram<double> _lag;
    private readonly Counter<long> _dead;

    public OutboxMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _lag = meter.CreateHistogram("circula.outbox.delivery.lag", "s", "Seconds from an event's commit to the end of its delivery to every handler.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        _dead = meter.CreateCounter<long>("circula.outbox.dead_letters", "{message}", "Outbox messages that became dead letters.");
    }

    public void Delivered(string type, TimeSpan lag) => _lag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("type", type));

    public void DeadLettered(string type) => _dead.Add(1, new KeyValuePair<string, object?>("type", type));
}
