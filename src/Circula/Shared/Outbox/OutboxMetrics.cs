using System.Diagnostics.Metrics;

namespace Circula.Shared.Outbox;

/// <summary>
/// How the outbox keeps up: the lag from an event's commit to its delivery (<c>circula_outbox_delivery_lag_seconds</c>,
/// the figure alerts watch) and messages that became dead letters, by type.
/// </summary>
public sealed class OutboxMetrics(IMeterFactory meters)
{
    public const string MeterName = "Circula.Outbox";

    private readonly Meter _meter = meters.Create(MeterName);
    private Histogram<double>? _lag;
    private Counter<long>? _dead;

    private Histogram<double> Lag => _lag ??= _meter.CreateHistogram("circula.outbox.delivery.lag", "s",
        "Seconds from an event's commit to the end of its delivery to every handler.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });

    private Counter<long> Dead => _dead ??= _meter.CreateCounter<long>("circula.outbox.dead_letters", "{message}", "Outbox messages that became dead letters.");

    public void Delivered(string type, TimeSpan lag) => Lag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("type", type));

    public void DeadLettered(string type) => Dead.Add(1, new KeyValuePair<string, object?>("type", type));
}
