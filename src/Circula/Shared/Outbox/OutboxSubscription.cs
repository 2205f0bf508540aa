using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Shared.Outbox;

/// <summary>One typed handler's subscription to one event type, as the dispatcher (and docs/events.md) sees it.</summary>
public sealed class OutboxSubscription
{
    private readonly Func<IServiceProvider, string, EventEnvelope, CancellationToken, Task> _deliver;

    private readonly Func<IConfiguration, bool> _isOn;

    private OutboxSubscription(Type @event, Type handler, string handlerName, Func<IConfiguration, bool> isOn,
        Func<IServiceProvider, string, EventEnvelope, CancellationToken, Task> deliver)
    {
        _isOn = isOn;
        Event = @event;
        EventType = EventTypes.NameOf(@event);
        Handler = handler;
        HandlerName = handlerName;
        _deliver = deliver;
    }

    public Type Event { get; }

    public string EventType { get; }

    public Type Handler { get; }

    public string HandlerName { get; }

    public static OutboxSubscription For<TEvent, THandler>()
        where TEvent : IIntegrationEvent
        where THandler : class, IOutboxHandler<TEvent> =>
        new(typeof(TEvent), typeof(THandler), THandler.Name, THandler.IsOn, (services, payload, envelope, ct) =>
            services.GetRequiredService<THandler>().HandleAsync(Read<TEvent>(payload, envelope), envelope, ct));

    /// <summary>See <see cref="IOutboxHandler{TEvent}.IsOn"/>.</summary>
    public bool IsOn(IConfiguration configuration) => _isOn(configuration);

    /// <summary>Reads the payload and hands it to a handler resolved from <paramref name="services"/> (the delivery's scope).</summary>
    public Task DeliverAsync(IServiceProvider services, string payload, EventEnvelope envelope, CancellationToken ct) => _deliver(services, payload, envelope, ct);

    private static TEvent Read<TEvent>(string payload, EventEnvelope envelope) where TEvent : IIntegrationEvent =>
        JsonSerializer.Deserialize<TEvent>(payload, Outbox.JsonOptions)
        ?? throw new InvalidOperationException($"Outbox message {envelope.MessageId} ({envelope.Type}) has an empty payload.");
}

public static class OutboxRegistration
{
    /// <summary>Subscribes <typeparamref name="THandler"/> (scoped) to <typeparamref name="TEvent"/>.</summary>
    public static IServiceCollection AddOutboxHandler<TEvent, THandler>(this IServiceCollection services)
        where TEvent : IIntegrationEvent
        where THandler : class, IOutboxHandler<TEvent>
    {
        services.AddScoped<THandler>();
        services.AddSingleton(OutboxSubscription.For<TEvent, THandler>());
        return services;
    }
}
