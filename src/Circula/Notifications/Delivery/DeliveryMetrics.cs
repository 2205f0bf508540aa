using System.Diagnostics.Metrics;

namespace Circula.Notifications.Delivery;

/// <summary>What became of each delivery attempt, by target kind (robot, webhook, customer), counted once it is saved.</summary>
public sealed class DeliveryMetrics
{
    public const string MeterName = "Circula.Notifications";

    private readonly Counter<long> _attempts;

    public DeliveryMetrics(IMeterFactory meters) =>
        _attempts = meters.Create(MeterName).CreateCounter<long>("circula.notifications.deliveries", "{attempt}",
            "Robot, webhook and subscribe-message delivery attempts, by target and result (delivered, retry, postponed, failed).");

    public void Record(string target, DeliveryResult result) =>
        _attempts.Add(1, new KeyValuePair<string, object?>("target", target), new KeyValuePair<string, object?>("result", result.ToString().ToLowerInvariant()));
}

/// <summary>
/// Delivered; Retry: it failed and is tried again after a backoff; Postponed: a rate limit left no room, nothing was
/// sent; Failed: given up (refused for good, the target removed, flagged or disabled, or every attempt used).
/// </summary>
public enum DeliveryResult
{
    Delivered,
    Retry,
    Postponed,
    Failed,
}
