using Circula.Data;
using Circula.Shared.Work;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Circula.Shared.Outbox;

/// <summary>
/// One lane of a handler's part of a batch (an aggregate's messages are all in one lane): its messages one after another
/// in id order, each in a scope of its own. Once the
/// handler fails on a message of an aggregate (<see cref="IAggregateEvent"/>), it takes none of that aggregate's later
/// messages in the batch: they are held, to be tried again after the failed one, so the handler sees an aggregate's
/// events in order. Other aggregates, and other handlers, go on.
/// </summary>
public sealed class OutboxHandlerShare(IReadOnlyList<(OutboxMessage Message, OutboxSubscription Subscription)> deliveries)
{
    public IReadOnlyList<(OutboxMessage Message, OutboxSubscription Subscription)> Deliveries { get; } = deliveries;

    public Dictionary<long, Exception> Failed { get; } = [];

    public HashSet<long> Held { get; } = [];

    public async Task DeliverAsync(IServiceScopeFactory scopes, ILogger logger, CancellationToken ct)
    {
        var stopped = new HashSet<string>();
        foreach (var (message, subscription) in Deliveries)
        {
            if (message.AggregateKey is { } key && stopped.Contains(key))
            {
                Held.Add(message.Id);
                continue;
            }

            try
            {
                await scopes.RunAsync<OutboxHandlerCall>(call => call.DeliverAsync(message, subscription, ct));
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Outbox handler {Handler} failed on {Type} {Id} (attempt {Attempt})",
                    subscription.HandlerName, message.Type, message.Id, message.Attempts + 1);
                Failed[message.Id] = e;
                if (message.AggregateKey is { } failed)
                {
                    stopped.Add(failed);
                }
            }
        }
    }
}

/// <summary>One message to one handler, in the delivery's own scope: the handler's effect and its receipt are one write.</summary>
public sealed class OutboxHandlerCall(CirculaDbContext db, IServiceProvider services, TimeProvider clock)
{
    public async Task DeliverAsync(OutboxMessage message, OutboxSubscription subscription, CancellationToken ct)
    {
        await subscription.DeliverAsync(services, message.Payload, new EventEnvelope(message.Id, message.Type, message.OccurredAt, message.Attempts + 1), ct);
        db.Set<OutboxDelivery>().Add(new OutboxDelivery { MessageId = message.Id, Handler = subscription.HandlerName, DeliveredAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
    }
}
