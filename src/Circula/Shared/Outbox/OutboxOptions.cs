namespace Circula.Shared.Outbox;

/// <summary>Bound from <c>Circula:Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Circula:Outbox";

    /// <summary>After this many failed attempts a message is dead until an operator replays it.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failure; it doubles with each further failure.</summary>
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often each replica's dispatcher looks for due messages; while it finds a full batch it looks again at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How many due messages the dispatcher claims at once.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// How many deliveries run at once: each handler's share of a batch is split into up to this many lanes by aggregate
    /// (an aggregate's messages stay in one lane, in order), and this many lanes run at the same time.
    /// </summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>How often each replica samples the backlog for the metrics (about one Prometheus scrape interval).</summary>
    public TimeSpan BacklogSampleInterval { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan BackoffAfter(int attempts)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 30));
        var wait = TimeSpan.FromTicks((long)Math.Min(BaseBackoff.Ticks * factor, MaxBackoff.Ticks));
        return wait;
    }
}
