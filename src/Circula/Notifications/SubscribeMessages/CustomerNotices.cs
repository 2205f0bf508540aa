using System.Globalization;
using Circula.Notifications.Templates;
using Circula.Ordering.Contracts;
using Circula.Shared;
using Circula.Shared.Outbox;

namespace Circula.Notifications.SubscribeMessages;

/// <summary>
/// A moment a customer hears about through a WeChat subscribe message: which event (and which of its states) it is, who
/// the customer is, and the values a template's fields may name: the event's own (as its robot template has them) and
/// <c>{time}</c>, when it happened in Beijing time.
/// </summary>
public sealed class CustomerNotice
{
    private readonly Func<object, long?> _customerOf;

    private CustomerNotice(string key, string title, string eventType, Func<object, long?> customerOf)
    {
        (Key, Title, EventType, _customerOf) = (key, title, eventType, customerOf);
    }

    public const string TimeVariable = "time";

    public string Key { get; }

    public string Title { get; }

    public string EventType { get; }

    public EventTemplate Source => NotificationTemplates.All[EventType];

    public IReadOnlyList<TemplateVariable> Variables =>
        [.. Source.Variables, new TemplateVariable(TimeVariable, "发生时间（北京时间，如 2026年5月1日 10:30）")];

    public IReadOnlyCollection<string> VariableNames => Variables.Select(v => v.Name).ToList();

    /// <summary>The customer this event is a notice of this kind for, or null when it is not one.</summary>
    public long? CustomerOf(object @event) => _customerOf(@event);

    public IReadOnlyDictionary<string, string?> Values(object @event, DateTime occurredAt) =>
        new Dictionary<string, string?>(Source.Values(@event), StringComparer.Ordinal)
        {
            [TimeVariable] = (occurredAt + ChinaCalendar.Offset).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture),
        };

    /// <summary>A notice of <typeparamref name="TEvent"/>s that <paramref name="customerOf"/> answers a customer for.</summary>
    public static CustomerNotice For<TEvent>(string key, string title, Func<TEvent, long?> customerOf) where TEvent : IIntegrationEvent =>
        new(key, title, TEvent.EventType, e => customerOf((TEvent)e));
}

/// <summary>
/// The customer notices operators can map to subscribe-message templates. A new one (a recycling pickup reminder) is
/// one entry here, on an event that <see cref="NotificationTemplates"/> already knows and the module fans out.
/// </summary>
public static class CustomerNotices
{
    public static readonly IReadOnlyList<CustomerNotice> All =
    [
        CustomerNotice.For<OrderStatusChanged>("order.paid", "订单支付成功", e => e.To == OrderStatus.Paid ? e.CustomerId.Value : null),
        CustomerNotice.For<OrderStatusChanged>("order.shipped", "订单发货", e => e.To == OrderStatus.Shipped ? e.CustomerId.Value : null),
        CustomerNotice.For<OrderStatusChanged>("order.refunded", "退款完成", e => e.To == OrderStatus.Refunded ? e.CustomerId.Value : null),
    ];

    public static CustomerNotice? Find(string key) => All.FirstOrDefault(n => n.Key == key);

    /// <summary>The notices <paramref name="event"/> is, each with its customer.</summary>
    public static IEnumerable<(CustomerNotice Notice, long CustomerId)> Of(string eventType, object @event) =>
        All.Where(n => n.EventType == eventType).Select(n => (n, n.CustomerOf(@event))).Where(x => x.Item2 is not null).Select(x => (x.n, x.Item2!.Value));
}
