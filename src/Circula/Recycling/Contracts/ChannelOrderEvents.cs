using System.Text.Json.Serialization;
using Circula.Shared.Outbox;

namespace Circula.Recycling.Contracts;

/// <summary>
/// A pickup handed to a third-party recycling channel changed status: <see cref="From"/> is null when the channel has just
/// taken the order (placement), otherwise the status before a verified status callback. <see cref="FinalFen"/> is what the
/// channel paid, when it reports completion with an amount. The appointment lifecycle follows its appointment with this.
/// </summary>
public sealed record ChannelOrderStatusChanged(
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] long AppointmentId,
    string Channel, string ExternalId, ChannelOrderStatus? From, ChannelOrderStatus To, long? FinalFen, string? Detail, DateTime OccurredAt) : IAggregateEvent
{
    public static string EventType => "recycling.channel-order-status-changed.v1";

    (string Kind, long Id) IAggregateEvent.Aggregate => ("appointment", AppointmentId);
}
