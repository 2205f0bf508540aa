using Circula.Notifications.Delivery;
using Circula.Notifications.Outbound;
using Circula.Shared;

namespace Circula.Notifications.Webhooks;

/// <summary>Posts one event to one webhook, signed (see <see cref="WebhookSignature"/>).</summary>
public sealed class WebhookMessenger(OutboundHttp http, PiiProtector protector, TimeProvider clock)
{
    /// <summary>The body a receiver gets: the event's outbox id (to drop repeats), its type and time, and its payload as <c>data</c>.</summary>
    public static string Body(NotificationDelivery delivery) => EventJson.Envelope(delivery.EventId, delivery.EventType, delivery.OccurredAt, delivery.Payload);

    public Task<OutboundAnswer> SendAsync(Webhook webhook, NotificationDelivery delivery, CancellationToken ct)
    {
        var body = Body(delivery);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        return http.PostJsonAsync(protector.Decrypt(webhook.ProtectedUrl), body,
        [
            new(WebhookSignature.IdHeader, delivery.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(WebhookSignature.TypeHeader, delivery.EventType),
            new(WebhookSignature.DeliveryHeader, delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(WebhookSignature.SignatureHeader, WebhookSignature.Sign(protector.Decrypt(webhook.ProtectedSecret), timestamp, body)),
        ], ct);
    }
}
