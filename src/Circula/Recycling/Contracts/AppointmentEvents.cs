using System.Globalization;
using System.Text.Json.Serialization;
using Circula.Identity.Contracts;
using Circula.Shared.Ids;
using Circula.Shared.Outbox;
using Circula.Shared.StateMachines;

namespace Circula.Recycling.Contracts;

/// <summary>A pickup appointment's Snowflake id as contracts and events carry it (a string in JSON).</summary>
[JsonConverter(typeof(TypedIdJsonConverter<AppointmentId>))]
public readonly record struct AppointmentId(long Value) : ITypedId<AppointmentId>
{
    public static AppointmentId From(long value) => new(value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What happens to a pickup appointment; a cancellation says how it came about (a no-show is not an ordinary cancel).</summary>
public enum AppointmentTrigger
{
    Confirm,
    Assign,
    Reassign,
    StartTrip,
    Weigh,
    AcceptPrice,
    RejectPrice,
    Complete,
    Cancel,
    ReportNoShow,

    /// <summary>The third-party channel that held the pickup gave it up before its collector set off: back to confirmed, for our own collectors.</summary>
    ReleaseByChannel,

    /// <summary>The third-party channel reported the pickup completed and paid by itself: nothing is owed here.</summary>
    CompleteByChannel,
}

/// <summary>
/// A pickup appointment moved through its transition table (one event per transition). <see cref="Trigger"/> tells a
/// no-show (<see cref="AppointmentTrigger.ReportNoShow"/>) and a rejected price from other cancellations;
/// <see cref="CollectorUserId"/> is the collector assigned after the change, if any.
/// </summary>
public sealed record AppointmentStatusChanged(AppointmentId AppointmentId, UserId CustomerId, AppointmentStatus From, AppointmentStatus To,
    AppointmentTrigger Trigger, Actor Actor, UserId? CollectorUserId, string? Reason) : IAggregateEvent
{
    public static string EventType => "recycling.appointment-status-changed.v1";

    (string Kind, long Id) IAggregateEvent.Aggregate => ("appointment", AppointmentId.Value);
}
