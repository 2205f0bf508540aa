using Circula.Shared.Outbox;

namespace Circula.Notifications.Contracts;

/// <summary>
/// Operator alert: a webhook was disabled because its deliveries kept failing (<c>FailedDeliveries</c> given up in a row).
/// Nothing is sent to it until an operator enables it again.
/// </summary>
public sealed record WebhookDisabled(long WebhookId, string Name, int FailedDeliveries, string LastResult) : IIntegrationEvent
{
    public static string EventType => "notifications.webhook-disabled.v1";
}
