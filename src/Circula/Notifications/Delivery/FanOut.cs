using System.Text.Json;
using Circula.Data;
using Circula.Notifications.Robots;
using Circula.Notifications.SubscribeMessages;
using Circula.Notifications.Webhooks;
using Circula.Shared.Ids;
using Circula.Shared.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Notifications.Delivery;

/// <summary>
/// Queues an event for every active robot and webhook whose filter takes it, and for the customer it is a notice to when
/// an operator mapped a subscribe-message template to that notice (and the mini program is configured). The rows are saved with the outbox's
/// receipt of this handler, in one write; should the event come again anyway, rows already queued are skipped.
/// </summary>
public sealed class FanOut<TEvent>(CirculaDbContext db, SnowflakeIdGenerator ids, IOptions<SubscribeMessageOptions> subscribe, TimeProvider clock)
    : IOutboxHandler<TEvent>
    where TEvent : IIntegrationEvent
{
    /// <summary>One name per event type: the outbox records each delivery by handler name.</summary>
    public static string Name => $"notifications.fan-out.{TEvent.EventType}";

    public async Task HandleAsync(TEvent @event, EventEnvelope envelope, CancellationToken ct)
    {
        // Robots and webhooks in one round trip: every event of every order passes here.
        var subscribers = await db.QueryAsync($"""
            SELECT '{TargetKinds.Robot}', id, event_types FROM notification_robots WHERE status = '{RobotStatus.Active}'
            UNION ALL
            SELECT '{TargetKinds.Webhook}', id, event_types FROM notification_webhooks WHERE status = '{WebhookStatus.Active}'
            """, r => (Kind: r.GetString(0), Id: r.GetInt64(1), EventTypes: r.GetString(2)), ct);
        var targets = subscribers.Where(s => EventFilter.Matches(s.EventTypes, envelope.Type)).Select(s => (s.Kind, s.Id))
            .Concat(await CustomersAsync(@event, envelope.Type, ct))
            .ToList();
        if (targets.Count == 0)
        {
            return;
        }

        var queued = await db.Set<NotificationDelivery>().AsNoTracking().Where(d => d.EventId == envelope.MessageId)
            .Select(d => new { d.TargetKind, d.TargetId }).ToListAsync(ct);
        var payload = JsonSerializer.Serialize(@event, Outbox.JsonOptions);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (kind, id) in targets.Where(t => !queued.Any(q => q.TargetKind == t.Item1 && q.TargetId == t.Id)))
        {
            db.Set<NotificationDelivery>().Add(NotificationDelivery.Queue(ids.NextId(), kind, id, envelope.MessageId, envelope.Type, payload, envelope.OccurredAt, now));
        }
    }

    private async Task<IEnumerable<(string, long Id)>> CustomersAsync(TEvent @event, string eventType, CancellationToken ct)
    {
        var notices = CustomerNotices.Of(eventType, @event).ToList();
        if (notices.Count == 0 || !subscribe.Value.Enabled)
        {
            return [];
        }

        var keys = notices.Select(n => n.Notice.Key).ToList();
        var mapped = await db.Set<SubscribeTemplate>().AsNoTracking().Where(t => keys.Contains(t.Notice)).Select(t => t.Notice).ToListAsync(ct);
        return notices.Where(n => mapped.Contains(n.Notice.Key)).Select(n => (TargetKinds.Customer, n.CustomerId)).Distinct();
    }
}
