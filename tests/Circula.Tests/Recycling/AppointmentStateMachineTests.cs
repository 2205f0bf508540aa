using Circula.Recycling.Appointments;
using Circula.Recycling.Contracts;
using Circula.Shared.StateMachines;
using Circula.Tests.Shared;
using S = Circula.Recycling.Contracts.AppointmentStatus;
using T = Circula.Recycling.Contracts.AppointmentTrigger;
using E = Circula.Recycling.Appointments.AppointmentEffects;

namespace Circula.Tests.Recycling;

/// <summary>
/// The appointment lifecycle written out by hand, not read from the table: a row added to or dropped from
/// <see cref="AppointmentStateMachine"/> fails here until this file (and docs/recycling.md's diagram) agree.
/// </summary>
public sealed class AppointmentStateMachineTests
{
    private const E Release = E.ReleaseSlot | E.ReleaseCollector;
    private static readonly Actor[] Customer = [Actor.Customer];
    private static readonly Actor[] Operator = [Actor.Operator];
    private static readonly Actor[] Collector = [Actor.Collector];
    private static readonly Actor[] CollectorOrChannel = [Actor.Collector, Actor.System];
    private static readonly Actor[] Channel = [Actor.System];

    public static readonly IReadOnlyList<(S From, T Trigger, S To, Actor[] Actors, E Effects)> Expected =
    [
        (S.Pending, T.Confirm, S.Confirmed, Operator, E.None),
        (S.Confirmed, T.Assign, S.Assigned, [Actor.Operator, Actor.System], E.None),
        (S.Assigned, T.Reassign, S.Assigned, Operator, E.ReleaseCollector),
        (S.Assigned, T.ReleaseByChannel, S.Confirmed, Channel, E.None),
        (S.Assigned, T.StartTrip, S.OnTheWay, CollectorOrChannel, E.None),
        (S.OnTheWay, T.Weigh, S.Weighed, CollectorOrChannel, E.None),
        (S.Weighed, T.AcceptPrice, S.Weighed, Customer, E.None),
        (S.Weighed, T.RejectPrice, S.Cancelled, Customer, Release),
        (S.Weighed, T.Complete, S.Completed, Collector, E.RequestPayout),
        (S.Weighed, T.CompleteByChannel, S.Completed, Channel, E.None),
        (S.Pending, T.Cancel, S.Cancelled, [Actor.Customer, Actor.Operator], Release),
        (S.Confirmed, T.Cancel, S.Cancelled, [Actor.Customer, Actor.Operator], Release),
        (S.Assigned, T.Cancel, S.Cancelled, [Actor.Customer, Actor.Operator, Actor.Collector], Release),
        (S.OnTheWay, T.Cancel, S.Cancelled, [Actor.Operator, Actor.Collector, Actor.System], Release),
        (S.Weighed, T.Cancel, S.Cancelled, [Actor.Operator, Actor.Collector, Actor.System], Release),
        (S.OnTheWay, T.ReportNoShow, S.Cancelled, Collector, Release),
    ];

    [Fact]
    public void The_table_in_the_code_is_exactly_the_written_out_lifecycle() => TransitionTables.AssertExactly(AppointmentStateMachine.Machine, Expected);

    public static TheoryData<S, T, Actor> EveryStatusTriggerAndActor() => TransitionTables.EveryStatusTriggerAndActor<S, T>();

    [Theory]
    [MemberData(nameof(EveryStatusTriggerAndActor))]
    public void Anything_not_written_out_is_refused_as_an_invalid_transition(S status, T trigger, Actor actor) =>
        TransitionTables.AssertAllowedOnlyAsWritten(AppointmentStateMachine.Machine, Expected, status, trigger, actor);

    [Fact]
    public void Customers_cannot_cancel_once_the_collector_is_on_the_way_and_nothing_leaves_a_final_status()
    {
        Assert.DoesNotContain(T.Cancel, AppointmentStateMachine.Machine.AllowedFrom(S.OnTheWay, Actor.Customer));
        Assert.DoesNotContain(AppointmentStateMachine.Machine.Transitions, t => t.From is S.Completed or S.Cancelled);
    }
}
