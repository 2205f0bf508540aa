using Circula.Data;
using Circula.Shared.Work;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Shared.Outbox;

/// <summary>
/// Delivers due outbox messages at least once, with exponential backoff; after <see cref="OutboxOptions.MaxAttempts"/>
/// failures a message is dead. Replicas share the work through claims; each claimed message goes to the handlers that
/// have not taken it yet, then its outcome is recorded.
/// </summary>
public sealed class OutboxDeliverer(
    CirculaDbContext db, IServiceProvider services, IEnumerable<OutboxSubscription> subscriptions, IOptions<OutboxOptions> options, TimeProvider clock,
    OutboxMetrics metrics, ILogger<OutboxDeliverer> logger) : IClaimedWork
{
    public static WorkTable Table { get; } = new("outbox_messages", $"status = {(int)OutboxStatus.Pending} AND next_attempt_at <= @now", "next_attempt_at, id");

    public async Task ProcessAsync(long id, CancellationToken ct)
    {
        // Only while this process still holds the claim: a claim that outlived its deadline may belong to another replica now.
        var owner = WorkClaims.InstanceName;
        var message = await db.Set<OutboxMessage>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && m.ClaimedBy == owner, ct);
        if (message is null || message.Status != OutboxStatus.Pending)
        {
            return;
        }

        var done = await db.Set<OutboxDelivery>().Where(d => d.MessageId == id).Select(d => d.Handler).ToListAsync(ct);
        var envelope = new EventEnvelope(message.Id, message.Type, message.OccurredAt, message.Attempts + 1);
        Exception? failure = null;
        foreach (var subscription in subscriptions.Where(s => s.EventType == message.Type && !done.Contains(s.HandlerName)))
        {
            try
            {
                await subscription.DeliverAsync(services, message.Payload, envelope, ct);
                // Saved together with whatever the handler changed in this context: its effect and its receipt are one write.
                db.Set<OutboxDelivery>().Add(new OutboxDelivery { MessageId = id, Handler = subscription.HandlerName, DeliveredAt = clock.GetUtcNow().UtcDateTime });
                await db.SaveChangesAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                db.ChangeTracker.Clear();
                logger.LogWarning(e, "Outbox handler {Handler} failed on {Type} {Id} (attempt {Attempt})", subscription.HandlerName, message.Type, id, envelope.Attempt);
                failure = e;
                break;
            }
        }

        await RecordOutcomeAsync(message, failure, ct);
    }

    private async Task RecordOutcomeAsync(OutboxMessage message, Exception? failure, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var owner = WorkClaims.InstanceName;
        var query = db.Set<OutboxMessage>().Where(m => m.Id == message.Id && m.ClaimedBy == owner);
        if (failure is null)
        {
            await query.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Delivered)
                .SetProperty(m => m.DeliveredAt, now)
                .SetProperty(m => m.ClaimedBy, (string?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null), ct);
            metrics.Delivered(message.Type, now - message.OccurredAt);
            return;
        }

        var attempts = message.Attempts + 1;
        var dead = attempts >= options.Value.MaxAttempts;
        var error = $"{failure.GetType().Name}: {failure.Message}";
        await query.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.Status, dead ? OutboxStatus.Dead : OutboxStatus.Pending)
            .SetProperty(m => m.LastError, error.Length > 2000 ? error[..2000] : error)
            .SetProperty(m => m.NextAttemptAt, now + options.Value.BackoffAfter(attempts))
            .SetProperty(m => m.ClaimedBy, (string?)null)
            .SetProperty(m => m.ClaimedUntil, (DateTime?)null), ct);
        if (dead)
        {
            metrics.DeadLettered(message.Type);
            logger.LogError("Outbox message {Type} {Id} is dead after {Attempts} attempts: {Error}", message.Type, message.Id, attempts, error);
        }
    }
}
