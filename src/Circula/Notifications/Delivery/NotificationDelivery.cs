namespace Circula.Notifications.Delivery;

public enum DeliveryStatus
{
    Pending,
    Delivered,

    /// <summary>Given up: the target refused it for good, was flagged or disabled, or every attempt failed.</summary>
    Failed,
}

public static class TargetKinds
{
    public const string Robot = "robot";
    public const string Webhook = "webhook";

    /// <summary>A customer's WeChat subscribe message; the target id is the customer's user id.</summary>
    public const string Customer = "customer";
}

/// <summary>
/// One event for one target (a robot or a webhook), waiting in the database until a delivery worker of any replica claims
/// it. Carries the event's outbox id, so a receiver can drop a repeat, and its payload, so templates render at send time.
/// </summary>
public sealed class NotificationDelivery
{
    private NotificationDelivery()
    {
    }

    public long Id { get; private set; }

    public string TargetKind { get; private set; } = "";

    public long TargetId { get; private set; }

    public long EventId { get; private set; }

    public string EventType { get; private set; } = "";

    public string Payload { get; private set; } = "";

    public DateTime OccurredAt { get; private set; }

    public DeliveryStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTime NextAttemptAt { get; private set; }

    /// <summary>What the last attempt got: the target's answer or why it could not be made.</summary>
    public string? LastResult { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? DeliveredAt { get; private set; }

    public string? ClaimedBy { get; private set; }

    public DateTime? ClaimedUntil { get; private set; }

    public static NotificationDelivery Queue(long id, string targetKind, long targetId, long eventId, string eventType, string payload, DateTime occurredAt, DateTime now) =>
        new()
        {
            Id = id, TargetKind = targetKind, TargetId = targetId, EventId = eventId, EventType = eventType, Payload = payload, OccurredAt = occurredAt,
            Status = DeliveryStatus.Pending, NextAttemptAt = now, CreatedAt = now,
        };

    /// <summary>Records an attempt the target took.</summary>
    public DeliveryAttempt Delivered(string result, int? httpStatus, DateTime now)
    {
        (Status, DeliveredAt) = (DeliveryStatus.Delivered, now);
        return Attempted(result, httpStatus, "delivered", now);
    }

    /// <summary>Records a failed attempt: tried again at <paramref name="retryAt"/>, or given up when that is null.</summary>
    public DeliveryAttempt FailedAttempt(string result, int? httpStatus, DateTime? retryAt, DateTime now)
    {
        if (retryAt is { } at)
        {
            NextAttemptAt = at;
        }
        else
        {
            Status = DeliveryStatus.Failed;
        }

        return Attempted(result, httpStatus, retryAt is null ? "failed" : "retry", now);
    }

    /// <summary>Gives up without calling the target (it was removed, flagged or disabled).</summary>
    public void Abandon(string reason) => (Status, LastResult, ClaimedBy, ClaimedUntil) = (DeliveryStatus.Failed, reason, null, null);

    /// <summary>Waits for the target's rate limit to leave room; not an attempt.</summary>
    public void Postpone(DateTime until) => (NextAttemptAt, ClaimedBy, ClaimedUntil) = (until, null, null);

    /// <summary>An operator sends a delivered or failed delivery again now; its attempts keep counting, so the log reads on.</summary>
    public void Replay(DateTime now) => (Status, NextAttemptAt, DeliveredAt) = (DeliveryStatus.Pending, now, null);

    private DeliveryAttempt Attempted(string result, int? httpStatus, string outcome, DateTime now)
    {
        Attempts++;
        (LastResult, ClaimedBy, ClaimedUntil) = (result, null, null);
        return new DeliveryAttempt(Id, Attempts, now, httpStatus, outcome, result);
    }
}

/// <summary>One call made for a delivery, as its log shows it.</summary>
public sealed class DeliveryAttempt(long deliveryId, int attempt, DateTime attemptedAt, int? httpStatus, string outcome, string? response)
{
    public long Id { get; private set; }

    public long DeliveryId { get; private set; } = deliveryId;

    public int Attempt { get; private set; } = attempt;

    public DateTime AttemptedAt { get; private set; } = attemptedAt;

    public int? HttpStatus { get; private set; } = httpStatus;

    public string Outcome { get; private set; } = outcome;

    public string? Response { get; private set; } = response;
}
