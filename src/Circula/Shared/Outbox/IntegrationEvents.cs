using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Circula.Shared.Outbox;

/// <summary>
/// An event other modules (and outside systems) may react to, published as a record in its module's <c>Contracts/</c>.
/// <see cref="EventType"/> is its stable, versioned wire name, <c>module.what-happened.vN</c>: a change a consumer would
/// notice is a new version, never an edit of the old one.
/// </summary>
public interface IIntegrationEvent
{
    static abstract string EventType { get; }
}

/// <summary>
/// An event about one aggregate (an order, an appointment) that handlers should see in the order the aggregate raised
/// its events: when a handler fails on one, the dispatcher holds that aggregate's later events back from that handler
/// until the failed one is tried again. Events of other aggregates, and other handlers, are not held.
/// </summary>
public interface IAggregateEvent : IIntegrationEvent
{
    /// <summary>Which aggregate, such as ("order", its id); implemented explicitly, so it is not part of the payload.</summary>
    (string Kind, long Id) Aggregate { get; }
}

/// <summary>Names and versions of event types, read from their <see cref="IIntegrationEvent.EventType"/>.</summary>
public static partial class EventTypes
{
    private static readonly ConcurrentDictionary<Type, string> Names = new();

    /// <summary>The wire name of an event's type (its static <see cref="IIntegrationEvent.EventType"/>).</summary>
    public static string NameOf(Type eventType) => Names.GetOrAdd(eventType, t =>
        t.GetProperty(nameof(IIntegrationEvent.EventType), BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string
        ?? throw new ArgumentException($"{t.Name} does not declare a static EventType.", nameof(eventType)));

    /// <summary>Splits <c>payment.succeeded.v1</c> into <c>payment.succeeded</c> and 1; null when the name is not of that form.</summary>
    public static (string Name, int Version)? Parse(string eventType) =>
        WireName().Match(eventType) is { Success: true } m ? (m.Groups["name"].Value, int.Parse(m.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture)) : null;

    [GeneratedRegex(@"^(?<name>[a-z]+(\.[a-z]+(-[a-z]+)*)+)\.v(?<version>[1-9][0-9]*)$")]
    private static partial Regex WireName();
}

/// <summary>What a handler learns about the message besides the event: its id is the idempotency key.</summary>
public sealed record EventEnvelope(long MessageId, string Type, DateTime OccurredAt, int Attempt);

/// <summary>
/// Reacts to one type of integration event. Delivery is at least once: a handler can see an event again after a
/// crash, so it must be idempotent by <see cref="EventEnvelope.MessageId"/> or by the state it changes. Its database
/// work joins the dispatcher's unit of work, which also records the delivery. Register it with
/// <see cref="OutboxRegistration.AddOutboxHandler{TEvent,THandler}"/>.
/// </summary>
public interface IOutboxHandler<in TEvent> where TEvent : IIntegrationEvent
{
    /// <summary>Stable name; deliveries are recorded under it, so renaming it redelivers old messages.</summary>
    static abstract string Name { get; }

    /// <summary>
    /// Whether the handler takes deliveries under this process's configuration. One switched off (RabbitMQ publishing when it
    /// is not enabled) costs a delivery nothing, neither a scope nor a receipt; the messages it did not take are not kept for it.
    /// </summary>
    static virtual bool IsOn(IConfiguration configuration) => true;

    Task HandleAsync(TEvent @event, EventEnvelope envelope, CancellationToken ct);
}
