using System.Text.Json;
using Circula.Data;
using Circula.Shared.Ids;

namespace Circula.Shared.Outbox;

/// <summary>Adds events to the current unit of work; they are saved by the caller's SaveChanges, in its transaction.</summary>
public sealed class Outbox(CirculaDbContext db, SnowflakeIdGenerator ids, TimeProvider clock)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public OutboxMessage Add<T>(T @event) where T : IIntegrationEvent
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            Id = ids.NextId(),
            Type = T.EventType,
            Payload = JsonSerializer.Serialize(@event, JsonOptions),
            OccurredAt = now,
            NextAttemptAt = now,
        };
        db.Set<OutboxMessage>().Add(message);
        return message;
    }
}
