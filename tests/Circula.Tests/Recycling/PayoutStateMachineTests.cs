using Circula.Recycling.Payouts;
using Circula.Shared.StateMachines;
using Circula.Tests.Shared;
using S = Circula.Recycling.Contracts.PayoutStatus;
using T = Circula.Recycling.Contracts.PayoutTrigger;

namespace Circula.Tests.Recycling;

/// <summary>
/// The payout lifecycle written out by hand, not read from the table: a row added to or dropped from
/// <see cref="PayoutStateMachine"/> fails here until this file (and docs/recycling.md's diagram) agree.
/// </summary>
public sealed class PayoutStateMachineTests
{
    private static readonly Actor[] System = [Actor.System];

    public static readonly IReadOnlyList<(S From, T Trigger, S To, Actor[] Actors, NoEffects Effects)> Expected =
    [
        (S.Requested, T.Process, S.Processing, System, NoEffects.None),
        (S.Requested, T.Pay, S.Paid, System, NoEffects.None),
        (S.Requested, T.Refuse, S.Refused, System, NoEffects.None),
        (S.Processing, T.Process, S.Processing, System, NoEffects.None),
        (S.Processing, T.Pay, S.Paid, System, NoEffects.None),
        (S.Processing, T.Refuse, S.Refused, System, NoEffects.None),
    ];

    [Fact]
    public void The_table_in_the_code_is_exactly_the_written_out_lifecycle() => TransitionTables.AssertExactly(PayoutStateMachine.Machine, Expected);

    public static TheoryData<S, T, Actor> EveryStatusTriggerAndActor() => TransitionTables.EveryStatusTriggerAndActor<S, T>();

    [Theory]
    [MemberData(nameof(EveryStatusTriggerAndActor))]
    public void Anything_not_written_out_is_refused_as_an_invalid_transition(S status, T trigger, Actor actor) =>
        TransitionTables.AssertAllowedOnlyAsWritten(PayoutStateMachine.Machine, Expected, status, trigger, actor);

    [Fact]
    public void Nothing_leaves_a_final_payout() =>
        Assert.DoesNotContain(PayoutStateMachine.Machine.Transitions, t => t.From is S.Paid or S.Refused);
}
