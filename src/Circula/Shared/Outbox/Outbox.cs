using System.Text.Json;
using System.Text.Json.Serialization;
using Circula.Data;
using Circula.Shared.Ids;

namespace Circula.Shared.Outbox;

/// <summary>Adds events to the current unit of work; they are saved by the caller's SaveChanges, in its transaction.</summary>
public sealed class Outbox(CirculaDbContext db, SnowflakeIdGenerator ids, TimeProvider clock)
{
    /// <summary>camelCase names, enums by name: payloads are read by other modules and, through webhooks, by integrators.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public OutboxMessage Add(IIntegrationEvent @event)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            Id = ids.NextId(),
            Type = EventTypes.NameOf(@event.GetType()),
            Payload = JsonSerializer.Serialize(@event, @event.GetType(), JsonOptions),
            OccurredAt = now,
            NextAttemptAt = now,
        };
        db.Set<OutboxMessage>().Add(message);
        return message;
    }
}
