using Circula.Recycling.Contracts;
using Circula.Shared.StateMachines;

namespace Circula.Recycling.Appointments;

/// <summary>One status change of a pickup appointment: from, to, by which trigger, who and why. Written once, never changed.</summary>
public sealed class AppointmentHistoryEntry
{
    private AppointmentHistoryEntry()
    {
    }

    public long Id { get; private init; }

    public long AppointmentId { get; private init; }

    public AppointmentStatus FromStatus { get; private init; }

    public AppointmentStatus ToStatus { get; private init; }

    public AppointmentTrigger Trigger { get; private init; }

    public Actor Actor { get; private init; }

    public long? ActorUserId { get; private init; }

    public string? Reason { get; private init; }

    public DateTime CreatedAt { get; private init; }

    public static AppointmentHistoryEntry Of(Appointment appointment, StatusChange<AppointmentStatus, AppointmentTrigger, AppointmentEffects> change) => new()
    {
        AppointmentId = appointment.Id, FromStatus = change.From, ToStatus = change.To, Trigger = change.Trigger, Actor = change.By.Actor,
        ActorUserId = change.By.UserId, Reason = change.Reason, CreatedAt = change.At,
    };
}
