using System.Globalization;
using System.Text;
using Circula.Notifications.Delivery;
using Circula.Shared.Outbox;
using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;

namespace Circula.Notifications.RabbitMq;

/// <summary>
/// Publishes each event to the topic exchange as the envelope webhooks get (<see cref="EventJson"/>): persistent, routing
/// key = event type, message id = outbox id, and waits for the broker's confirm. A broker that is down or refuses the
/// message fails the handler, so the outbox tries again with its backoff: nothing is lost, and a repeat carries the same
/// message id for consumers to drop.
/// </summary>
public sealed class RabbitMqPublisher<TEvent>(RabbitMqChannel broker) : IOutboxHandler<TEvent>
    where TEvent : IIntegrationEvent
{
    public static string Name => $"notifications.rabbitmq.{TEvent.EventType}";

    /// <summary>Off unless RabbitMQ is enabled: events are then neither published nor kept for later.</summary>
    public static bool IsOn(IConfiguration configuration) => configuration.GetValue<bool>($"{RabbitMqOptions.Section}:{nameof(RabbitMqOptions.Enabled)}");

    public async Task HandleAsync(TEvent @event, EventEnvelope envelope, CancellationToken ct)
    {
        var payload = System.Text.Json.JsonSerializer.Serialize(@event, Outbox.JsonOptions);
        var body = Encoding.UTF8.GetBytes(EventJson.Envelope(envelope.MessageId, envelope.Type, envelope.OccurredAt, payload));
        var properties = new BasicProperties
        {
            MessageId = envelope.MessageId.ToString(CultureInfo.InvariantCulture),
            Type = envelope.Type,
            ContentType = "application/json",
            ContentEncoding = "utf-8",
            DeliveryMode = DeliveryModes.Persistent,
            Timestamp = new AmqpTimestamp(new DateTimeOffset(DateTime.SpecifyKind(envelope.OccurredAt, DateTimeKind.Utc)).ToUnixTimeSeconds()),
        };
        await broker.PublishAsync(envelope.Type, properties, body, ct);
    }
}
