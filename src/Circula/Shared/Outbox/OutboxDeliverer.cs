using Circula.Data;
using Circula.Shared.Work;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Shared.Outbox;

/// <summary>
/// Delivers due outbox messages at least once, with exponential backoff; after <see cref="OutboxOptions.MaxAttempts"/>
/// failures a message is dead. Replicas share the work through claims. Each round takes a batch: its messages and the
/// deliveries already recorded are read with one query each, then every handler gets its share, in lanes by aggregate
/// run in parallel, each lane's messages one after another in id order (see <see cref="OutboxHandlerShare"/>), and
/// finally the outcomes are recorded: the delivered messages with one statement, a failure per message, and the
/// messages a handler held back behind a failure of their aggregate wait for that failure's next attempt.
/// </summary>
public sealed class OutboxDeliverer(
    CirculaDbContext db, IConfiguration configuration, IServiceScopeFactory scopes, IEnumerable<OutboxSubscription> subscriptions, IOptions<OutboxOptions> options, TimeProvider clock,
    OutboxMetrics metrics, ILogger<OutboxDeliverer> logger) : IClaimedBatch
{
    public static WorkTable Table { get; } = new("outbox_messages", $"status = {(int)OutboxStatus.Pending} AND next_attempt_at <= @now", "next_attempt_at, id");

    public async Task ProcessAsync(IReadOnlyList<long> ids, CancellationToken ct)
    {
        // Only while this process still holds the claim: a claim that outlived its deadline may belong to another replica now.
        var owner = WorkClaims.InstanceName;
        var messages = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => ids.Contains(m.Id) && m.ClaimedBy == owner && m.Status == OutboxStatus.Pending)
            .OrderBy(m => m.Id).ToListAsync(ct);
        if (messages.Count == 0)
        {
            return;
        }

        var taken = messages.Select(m => m.Id).ToList();
        var done = (await db.Set<OutboxDelivery>().AsNoTracking().Where(d => taken.Contains(d.MessageId)).Select(d => new { d.MessageId, d.Handler }).ToListAsync(ct))
            .Select(d => (d.MessageId, d.Handler)).ToHashSet();
        // Each handler's messages in lanes by aggregate (GroupBy keeps their id order): an aggregate's messages stay in one lane.
        var lanes = options.Value.Parallelism;
        var shares = subscriptions.Where(s => s.IsOn(configuration)).GroupBy(s => s.HandlerName)
            .SelectMany(handler => messages
                .SelectMany(m => handler.Where(s => s.EventType == m.Type && !done.Contains((m.Id, s.HandlerName))).Select(s => (m, s)))
                .GroupBy(d => (uint)(d.m.AggregateKey?.GetHashCode(StringComparison.Ordinal) ?? d.m.Id.GetHashCode()) % lanes)
                .Select(lane => new OutboxHandlerShare(lane.ToList())))
            .ToList();

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = lanes, CancellationToken = ct };
        await Parallel.ForEachAsync(shares, parallel, async (share, token) => await share.DeliverAsync(scopes, logger, token));
        await RecordOutcomesAsync(messages, shares, ct);
    }

    private async Task RecordOutcomesAsync(List<OutboxMessage> messages, List<OutboxHandlerShare> shares, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var failures = new Dictionary<long, Exception>();
        foreach (var (id, failure) in shares.SelectMany(s => s.Failed))
        {
            failures.TryAdd(id, failure);
        }

        var held = shares.SelectMany(s => s.Held).Where(id => !failures.ContainsKey(id)).ToHashSet();
        await MarkDeliveredAsync(messages.Where(m => !failures.ContainsKey(m.Id) && !held.Contains(m.Id)).ToList(), now, ct);

        // A held message is tried again after the last failed message of its aggregate (at once if that one is dead).
        var retries = new Dictionary<string, DateTime>();
        foreach (var message in messages.Where(m => failures.ContainsKey(m.Id)))
        {
            var retryAt = await MarkFailedAsync(message, failures[message.Id], now, ct);
            if (message.AggregateKey is { } key)
            {
                retries[key] = retries.TryGetValue(key, out var other) && other > retryAt ? other : retryAt;
            }
        }

        foreach (var wait in messages.Where(m => held.Contains(m.Id)).GroupBy(m => retries.GetValueOrDefault(m.AggregateKey!, now)))
        {
            var waiting = wait.Select(m => m.Id).ToList();
            await Claimed(waiting).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.NextAttemptAt, wait.Key)
                .SetProperty(m => m.ClaimedBy, (string?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null), ct);
        }
    }

    /// <summary>The messages among <paramref name="ids"/> whose claim this process still holds: a lost claim is never marked.</summary>
    private IQueryable<OutboxMessage> Claimed(List<long> ids)
    {
        var owner = WorkClaims.InstanceName;
        return db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id) && m.ClaimedBy == owner);
    }

    private async Task MarkDeliveredAsync(List<OutboxMessage> delivered, DateTime now, CancellationToken ct)
    {
        if (delivered.Count == 0)
        {
            return;
        }

        var list = string.Join(",", delivered.Select(m => m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var marked = (await db.QueryAsync($"""
            UPDATE outbox_messages SET status = {(int)OutboxStatus.Delivered}, delivered_at = @now, claimed_by = NULL, claimed_until = NULL
            WHERE claimed_by = @owner AND id IN ({list})
            RETURNING id
            """, r => r.GetInt64(0), ct, ("@now", now), ("@owner", WorkClaims.InstanceName))).ToHashSet();
        foreach (var message in delivered.Where(m => marked.Contains(m.Id)))
        {
            metrics.Delivered(message.Type, now - message.OccurredAt);
        }
    }

    /// <summary>Records one failed attempt; answers when the message is tried again (now when it is dead).</summary>
    private async Task<DateTime> MarkFailedAsync(OutboxMessage message, Exception failure, DateTime now, CancellationToken ct)
    {
        var attempts = message.Attempts + 1;
        var dead = attempts >= options.Value.MaxAttempts;
        var error = $"{failure.GetType().Name}: {failure.Message}";
        var retryAt = now + options.Value.BackoffAfter(attempts);
        await Claimed([message.Id]).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.Status, dead ? OutboxStatus.Dead : OutboxStatus.Pending)
            .SetProperty(m => m.LastError, error.Length > 2000 ? error[..2000] : error)
            .SetProperty(m => m.NextAttemptAt, retryAt)
            .SetProperty(m => m.ClaimedBy, (string?)null)
            .SetProperty(m => m.ClaimedUntil, (DateTime?)null), ct);
        if (!dead)
        {
            return retryAt;
        }

        metrics.DeadLettered(message.Type);
        logger.LogError("Outbox message {Type} {Id} is dead after {Attempts} attempts: {Error}", message.Type, message.Id, attempts, error);
        return now;
    }
}
