namespace Circula.Shared.Outbox;

public enum OutboxStatus
{
    Pending = 0,
    Delivered = 1,
    Dead = 2,
}

/// <summary>An integration event written in the same transaction as the state change that raised it.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    public required string Type { get; set; }

    /// <summary>The event as JSON (camelCase).</summary>
    public required string Payload { get; set; }

    public DateTime OccurredAt { get; set; }

    /// <summary>The aggregate an <see cref="IAggregateEvent"/> is about, such as <c>order:123</c>: a handler takes its events in order.</summary>
    public string? AggregateKey { get; set; }

    public OutboxStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public DateTime? DeliveredAt { get; set; }

    public string? ClaimedBy { get; set; }

    public DateTime? ClaimedUntil { get; set; }
}

/// <summary>One handler's successful delivery of one message: a handler is never called again for a message it took.</summary>
public sealed class OutboxDelivery
{
    public long MessageId { get; set; }

    public required string Handler { get; set; }

    public DateTime DeliveredAt { get; set; }
}
