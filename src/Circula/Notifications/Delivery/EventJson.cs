using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Circula.Notifications.Delivery;

/// <summary>
/// The envelope webhooks and event streams send an event in: <c>{"id", "type", "occurredAt", "data"}</c>, where id is the
/// outbox id (the same event always has the same id, so receivers drop repeats) and data the event's payload as published.
/// </summary>
public static class EventJson
{
    public static string Envelope(long id, string type, DateTime occurredAt, string payload)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", id.ToString(CultureInfo.InvariantCulture));
            json.WriteString("type", type);
            json.WriteString("occurredAt", DateTime.SpecifyKind(occurredAt, DateTimeKind.Utc));
            json.WritePropertyName("data");
            json.WriteRawValue(payload);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
