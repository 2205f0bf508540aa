using System.Diagnostics.Metrics;

namespace Circula.Shared.Outbox;

/// <summary>
/// How the outbox keeps up: the lag from an event's commit to its delivery (<c>circula_outbox_delivery_lag_seconds</c>),
/// messages that became dead letters, by type, and the backlog <see cref="OutboxBacklog"/> samples: the events pending
/// and how long the oldest due one has waited (<c>circula_outbox_oldest_due_age_seconds</c>, what shows a dispatcher
/// that delivers nothing at all).
/// </summary>
public sealed class OutboxMetrics
{
    public const string MeterName = "Circula.Outbox";

    private readonly Histogram<double> _lag;
    private readonly Counter<long> _dead;
    private long _pending;
    private double _oldestDueAge;

    public OutboxMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _lag = meter.CreateHistogram("circula.outbox.delivery.lag", "s", "Seconds from an event's commit to the end of its delivery to every handler.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        _dead = meter.CreateCounter<long>("circula.outbox.dead_letters", "{message}", "Outbox messages that became dead letters.");
        meter.CreateObservableGauge("circula.outbox.pending", () => Volatile.Read(ref _pending), "{message}", "Outbox messages not yet delivered, as last sampled.");
        meter.CreateObservableGauge("circula.outbox.oldest_due_age", () => Volatile.Read(ref _oldestDueAge), "s",
            "Seconds the oldest due outbox message has waited for delivery, as last sampled (0 when none is due).");
    }

    public void Delivered(string type, TimeSpan lag) => _lag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("type", type));

    public void DeadLettered(string type) => _dead.Add(1, new KeyValuePair<string, object?>("type", type));

    public void Sampled(long pending, TimeSpan oldestDueAge)
    {
        Volatile.Write(ref _pending, pending);
        Volatile.Write(ref _oldestDueAge, oldestDueAge.TotalSeconds);
    }
}
