using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Circula.Data;
using Circula.Shared.Ids;
using Circula.Shared.Metrics;

namespace Circula.Shared.Outbox;

/// <summary>
/// Adds events to the current unit of work; they are saved by the caller's SaveChanges, in its transaction, and then
/// counted by <see cref="EventMetrics"/>.
/// </summary>
public sealed class Outbox
{
    private readonly CirculaDbContext _db;
    private readonly SnowflakeIdGenerator _ids;
    private readonly TimeProvider _clock;
    private readonly List<(string Type, object Event)> _unsaved = [];

    public Outbox(CirculaDbContext db, SnowflakeIdGenerator ids, TimeProvider clock, EventMetrics metrics)
    {
        _db = db;
        _ids = ids;
        _clock = clock;
        db.SavedChanges += (_, _) =>
        {
            metrics.Saved(_unsaved);
            _unsaved.Clear();
        };
        // Callers clear the change tracker after a failed save: the events are gone with it.
        db.SaveChangesFailed += (_, _) => _unsaved.Clear();
    }

    /// <summary>camelCase names, enums by name: payloads are read by other modules and, through webhooks, by integrators.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public OutboxMessage Add(IIntegrationEvent @event)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            Id = _ids.NextId(),
            Type = EventTypes.NameOf(@event.GetType()),
            Payload = JsonSerializer.Serialize(@event, @event.GetType(), JsonOptions),
            OccurredAt = now,
            NextAttemptAt = now,
            AggregateKey = @event is IAggregateEvent { Aggregate: var (kind, id) } ? string.Create(CultureInfo.InvariantCulture, $"{kind}:{id}") : null,
        };
        _db.Set<OutboxMessage>().Add(message);
        _unsaved.Add((message.Type, (object)@event));
        return message;
    }
}
