using Circula.Identity.Contracts;
using Circula.Recycling.Contracts;
using Circula.Shared.StateMachines;

namespace Circula.Recycling.Appointments;

/// <summary>Effects a transition has besides the status change, carried out by <see cref="AppointmentTransitions"/> in the same transaction.</summary>
[Flags]
public enum AppointmentEffects
{
    None = 0,

    /// <summary>Give the appointment's place in its area's slot back.</summary>
    ReleaseSlot = 1,

    /// <summary>Give the place in the slot of the collector who held the pickup before the transition back (a reassignment or a cancellation).</summary>
    ReleaseCollector = 2,

    /// <summary>Owe the customer the final price: a payout row, a ledger credit and a <see cref="PayoutRequested"/>.</summary>
    RequestPayout = 4,
}

/// <summary>
/// The one transition table of a pickup appointment. Customers may cancel until the collector sets off; operators
/// and the assigned collector cancel with a reason; a collector who finds nobody there reports a no-show. A weighed
/// price far from the quote waits for the customer to accept it (a transition that stays Weighed) or reject it (a
/// cancellation). Each transition writes an <see cref="AppointmentHistoryEntry"/> and raises one <see cref="AppointmentStatusChanged"/>.
/// </summary>
public static class AppointmentStateMachine
{
    private static readonly Actor[] CustomerOrOperator = [Actor.Customer, Actor.Operator];
    // System is a third-party channel's verified report (see Channels/ChannelFollower): it moves a pickup the channel holds.
    private static readonly Actor[] CollectorOrChannel = [Actor.Collector, Actor.System];
    private static readonly Actor[] StaffOrChannel = [Actor.Operator, Actor.Collector, Actor.System];
    private const AppointmentEffects Release = AppointmentEffects.ReleaseSlot | AppointmentEffects.ReleaseCollector;

    public static readonly StateMachine<Appointment, AppointmentStatus, AppointmentTrigger, AppointmentEffects> Machine = new("appointment",
        [
            new(AppointmentStatus.Pending, AppointmentTrigger.Confirm, AppointmentStatus.Confirmed, [Actor.Operator], AppointmentEffects.None),
            new(AppointmentStatus.Confirmed, AppointmentTrigger.Assign, AppointmentStatus.Assigned, [Actor.Operator, Actor.System], AppointmentEffects.None),
            new(AppointmentStatus.Assigned, AppointmentTrigger.Reassign, AppointmentStatus.Assigned, [Actor.Operator], AppointmentEffects.ReleaseCollector),
            new(AppointmentStatus.Assigned, AppointmentTrigger.ReleaseByChannel, AppointmentStatus.Confirmed, [Actor.System], AppointmentEffects.None),
            new(AppointmentStatus.Assigned, AppointmentTrigger.StartTrip, AppointmentStatus.OnTheWay, CollectorOrChannel, AppointmentEffects.None),
            new(AppointmentStatus.OnTheWay, AppointmentTrigger.Weigh, AppointmentStatus.Weighed, CollectorOrChannel, AppointmentEffects.None),
            new(AppointmentStatus.Weighed, AppointmentTrigger.AcceptPrice, AppointmentStatus.Weighed, [Actor.Customer], AppointmentEffects.None),
            new(AppointmentStatus.Weighed, AppointmentTrigger.RejectPrice, AppointmentStatus.Cancelled, [Actor.Customer], Release),
            new(AppointmentStatus.Weighed, AppointmentTrigger.Complete, AppointmentStatus.Completed, [Actor.Collector], AppointmentEffects.RequestPayout),
            new(AppointmentStatus.Weighed, AppointmentTrigger.CompleteByChannel, AppointmentStatus.Completed, [Actor.System], AppointmentEffects.None),
            new(AppointmentStatus.Pending, AppointmentTrigger.Cancel, AppointmentStatus.Cancelled, CustomerOrOperator, Release),
            new(AppointmentStatus.Confirmed, AppointmentTrigger.Cancel, AppointmentStatus.Cancelled, CustomerOrOperator, Release),
            new(AppointmentStatus.Assigned, AppointmentTrigger.Cancel, AppointmentStatus.Cancelled, [Actor.Customer, Actor.Operator, Actor.Collector], Release),
            new(AppointmentStatus.OnTheWay, AppointmentTrigger.Cancel, AppointmentStatus.Cancelled, StaffOrChannel, Release),
            new(AppointmentStatus.Weighed, AppointmentTrigger.Cancel, AppointmentStatus.Cancelled, StaffOrChannel, Release),
            new(AppointmentStatus.OnTheWay, AppointmentTrigger.ReportNoShow, AppointmentStatus.Cancelled, [Actor.Collector], Release),
        ],
        (appointment, change) => AppointmentHistoryEntry.Of(appointment, change),
        (appointment, change) => new AppointmentStatusChanged(AppointmentId.From(appointment.Id), UserId.From(appointment.UserId), change.From, change.To,
            change.Trigger, change.By.Actor, appointment.CollectorId is { } collector ? UserId.From(collector) : null, change.Reason),
        new(Describe, Describe));

    private static string Describe(AppointmentStatus status) => status switch
    {
        AppointmentStatus.OnTheWay => "on the way",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string Describe(AppointmentTrigger trigger) => trigger switch
    {
        AppointmentTrigger.Confirm => "be confirmed",
        AppointmentTrigger.Assign => "be assigned",
        AppointmentTrigger.Reassign => "be given to another collector",
        AppointmentTrigger.StartTrip => "have its trip started",
        AppointmentTrigger.Weigh => "be weighed",
        AppointmentTrigger.AcceptPrice => "have its price accepted",
        AppointmentTrigger.RejectPrice => "have its price rejected",
        AppointmentTrigger.Complete => "be completed",
        AppointmentTrigger.Cancel => "be cancelled",
        AppointmentTrigger.ReportNoShow => "be reported as a no-show",
        AppointmentTrigger.ReleaseByChannel => "be given back by its channel",
        AppointmentTrigger.CompleteByChannel => "be completed by its channel",
        _ => trigger.ToString(),
    };
}
