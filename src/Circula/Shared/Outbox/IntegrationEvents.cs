using System.Text.Json;

namespace Circula.Shared.Outbox;

/// <summary>An event other modules (and outside systems) may react to. <see cref="EventType"/> is its stable wire name.</summary>
public interface IIntegrationEvent
{
    static abstract string EventType { get; }
}

/// <summary>What a handler receives: the stored message, with its id as the idempotency key.</summary>
public sealed record OutboxEnvelope(long Id, string Type, string Payload, DateTime OccurredAt, int Attempt)
{
    public T Read<T>() where T : IIntegrationEvent =>
        JsonSerializer.Deserialize<T>(Payload, Outbox.JsonOptions) ?? throw new InvalidOperationException($"Outbox message {Id} has an empty payload.");
}

/// <summary>
/// Reacts to outbox messages. Delivery is at least once: a handler can see a message again after a crash, so it must
/// be idempotent by <see cref="OutboxEnvelope.Id"/>. Its database work joins the dispatcher's transaction, which also
/// records the delivery.
/// </summary>
public interface IOutboxHandler
{
    /// <summary>Stable name; deliveries are recorded under it.</summary>
    string Name { get; }

    bool Handles(string eventType);

    Task HandleAsync(OutboxEnvelope message, CancellationToken ct);
}
