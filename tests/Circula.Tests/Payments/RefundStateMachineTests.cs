using Circula.Payments;

namespace Circula.Tests.Payments;

public sealed class RefundStateMachineTests
{
    private static readonly DateTime Now = new(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc);

    private static Refund RefundIn(RefundStatus status) =>
        new() { Id = 1, OutRefundNo = "R1", Reason = Refund.PaidAfterCancel, AmountFen = 2590, Status = status };

    [Theory]
    [InlineData(RefundStatus.Requested, RefundTrigger.Accepted, RefundStatus.Processing)]
    [InlineData(RefundStatus.Processing, RefundTrigger.Succeed, RefundStatus.Succeeded)]
    [InlineData(RefundStatus.Processing, RefundTrigger.Fail, RefundStatus.Failed)]
    public void Allowed_transitions_move_the_refund(RefundStatus from, RefundTrigger trigger, RefundStatus to)
    {
        var refund = RefundIn(from);

        Assert.Null(RefundStateMachine.Apply(refund, trigger, Now));
        Assert.Equal(to, refund.Status);
        Assert.Equal(2, refund.Version);
        Assert.Equal(to == RefundStatus.Succeeded ? Now : null, refund.SucceededAt);
    }

    [Theory]
    [InlineData(RefundStatus.Requested, RefundTrigger.Succeed)]
    [InlineData(RefundStatus.Requested, RefundTrigger.Fail)]
    [InlineData(RefundStatus.Processing, RefundTrigger.Accepted)]
    [InlineData(RefundStatus.Succeeded, RefundTrigger.Fail)]
    [InlineData(RefundStatus.Succeeded, RefundTrigger.Succeed)]
    [InlineData(RefundStatus.Failed, RefundTrigger.Succeed)]
    [InlineData(RefundStatus.Failed, RefundTrigger.Accepted)]
    public void Anything_else_is_409_invalid_transition_and_changes_nothing(RefundStatus from, RefundTrigger trigger)
    {
        var refund = RefundIn(from);

        var problem = RefundStateMachine.Apply(refund, trigger, Now);

        Assert.NotNull(problem);
        Assert.Equal(409, problem.StatusCode);
        Assert.Equal("invalid_transition", problem.ProblemDetails.Extensions["code"]?.ToString());
        Assert.Equal(from, refund.Status);
        Assert.Equal(1, refund.Version);
    }

    [Fact]
    public void Finishing_a_requested_refund_passes_through_processing_and_a_finished_one_stays()
    {
        var refund = RefundIn(RefundStatus.Requested);

        Assert.True(RefundStateMachine.Finish(refund, RefundTrigger.Succeed, Now));
        Assert.Equal(RefundStatus.Succeeded, refund.Status);
        Assert.False(RefundStateMachine.Finish(refund, RefundTrigger.Succeed, Now));
        Assert.Equal(RefundStatus.Succeeded, refund.Status);
    }
}
