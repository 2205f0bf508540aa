using Circula.Shared.Outbox;

namespace Circula.Notifications.Templates;

/// <summary>A value an event offers to its template: the placeholder name, what it is (for operators), and how it is read.</summary>
public sealed record TemplateVariable(string Name, string Meaning);

/// <summary>
/// What one event type offers its template: the record type, the default (Chinese) template, the named values, and a
/// sample event for previews.
/// </summary>
public sealed class EventTemplate
{
    private readonly Func<object, IReadOnlyDictionary<string, string?>> _values;

    private EventTemplate(Type eventClass, TemplateText defaultText, IReadOnlyList<TemplateVariable> variables, IIntegrationEvent sample,
        Func<object, IReadOnlyDictionary<string, string?>> values)
    {
        (EventClass, Default, Variables, _values) = (eventClass, defaultText, variables, values);
        Sample = sample;
        EventType = EventTypes.NameOf(eventClass);
    }

    public string EventType { get; }

    public Type EventClass { get; }

    public TemplateText Default { get; }

    public IReadOnlyList<TemplateVariable> Variables { get; }

    /// <summary>A made-up event of this type that previews render.</summary>
    public IIntegrationEvent Sample { get; }

    public IReadOnlyCollection<string> VariableNames => Variables.Select(v => v.Name).ToList();

    /// <summary>The message for <paramref name="event"/> with <paramref name="text"/>, or the default template.</summary>
    public NotificationMessage Render(IIntegrationEvent @event, TemplateText? text = null) => (text ?? Default).Render(Values(@event));

    /// <summary>The values <paramref name="event"/> offers, by placeholder name.</summary>
    public IReadOnlyDictionary<string, string?> Values(object @event) => _values(@event);

    public static EventTemplate For<TEvent>(TEvent sample, TemplateText defaultText, params (string Name, string Meaning, Func<TEvent, string?> Read)[] variables)
        where TEvent : IIntegrationEvent =>
        new(typeof(TEvent), defaultText, variables.Select(v => new TemplateVariable(v.Name, v.Meaning)).ToList(), sample,
            e => variables.ToDictionary(v => v.Name, v => v.Read((TEvent)e), StringComparer.Ordinal));
}
