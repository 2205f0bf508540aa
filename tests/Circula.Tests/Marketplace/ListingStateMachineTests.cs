using Circula.Marketplace.Listings;
using Circula.Shared.StateMachines;
using Circula.Tests.Shared;
using S = Circula.Marketplace.Contracts.ListingStatus;
using T = Circula.Marketplace.Contracts.ListingTrigger;
using E = Circula.Shared.StateMachines.NoEffects;

namespace Circula.Tests.Marketplace;

/// <summary>
/// The listing lifecycle written out by hand, not read from the table: a row added to or dropped from
/// <see cref="ListingStateMachine"/> fails here until this file (and docs/marketplace.md's diagram) agree.
/// </summary>
public sealed class ListingStateMachineTests
{
    private static readonly Actor[] Seller = [Actor.Seller];
    private static readonly Actor[] Operator = [Actor.Operator];
    private static readonly Actor[] Purchase = [Actor.System];

    public static readonly IReadOnlyList<(S From, T Trigger, S To, Actor[] Actors, E Effects)> Expected =
    [
        (S.Draft, T.Submit, S.PendingReview, Seller, E.None),
        (S.Rejected, T.Submit, S.PendingReview, Seller, E.None),
        (S.PendingReview, T.Approve, S.Active, [Actor.Operator, Actor.System], E.None),
        (S.PendingReview, T.Reject, S.Rejected, Operator, E.None),
        (S.PendingReview, T.Withdraw, S.Withdrawn, Seller, E.None),
        (S.Active, T.TakeDown, S.Rejected, Operator, E.None),
        (S.Active, T.EditFlagged, S.PendingReview, Seller, E.None),
        (S.Active, T.Withdraw, S.Withdrawn, Seller, E.None),
        (S.Withdrawn, T.Relist, S.PendingReview, Seller, E.None),
        (S.Active, T.Reserve, S.Reserved, Purchase, E.None),
        (S.Reserved, T.Release, S.Active, Purchase, E.None),
        (S.Reserved, T.Sell, S.Sold, Purchase, E.None),
    ];

    [Fact]
    public void The_table_in_the_code_is_exactly_the_written_out_lifecycle() => TransitionTables.AssertExactly(ListingStateMachine.Machine, Expected);

    public static TheoryData<S, T, Actor> EveryStatusTriggerAndActor() => TransitionTables.EveryStatusTriggerAndActor<S, T>();

    [Theory]
    [MemberData(nameof(EveryStatusTriggerAndActor))]
    public void Anything_not_written_out_is_refused_as_an_invalid_transition(S status, T trigger, Actor actor) =>
        TransitionTables.AssertAllowedOnlyAsWritten(ListingStateMachine.Machine, Expected, status, trigger, actor);

    [Fact]
    public void Nothing_leaves_sold_and_only_the_purchase_flow_reserves_and_sells()
    {
        Assert.DoesNotContain(ListingStateMachine.Machine.Transitions, t => t.From == S.Sold);
        Assert.All(ListingStateMachine.Machine.Transitions.Where(t => t.To is S.Reserved or S.Sold || t.From == S.Reserved), t => Assert.Equal(Purchase, t.Actors));
    }
}
