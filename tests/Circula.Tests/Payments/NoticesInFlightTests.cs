using Circula.Payments;

namespace Circula.Tests.Payments;

/// <summary>
/// Copies of one notification in flight in one process: applied once, the others answered with the first's outcome only
/// once it is known, and busy (so the provider retries) when the first fails.
/// </summary>
public sealed class NoticesInFlightTests
{
    private static readonly NoticeOutcome Paid = new(NoticeResult.Processed, NotificationOutcomes.Paid);

    private readonly NoticesInFlight _inFlight = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _applied;

    private Task<NoticeOutcome> CopyAsync(string notificationId, Func<NoticeOutcome> outcome) =>
        _inFlight.ApplyOnceAsync("wechatpay", notificationId, async _ =>
        {
            Interlocked.Increment(ref _applied);
            await _release.Task;
            return outcome();
        }, CancellationToken.None);

    [Fact]
    public async Task Copies_arriving_while_the_first_is_applied_wait_for_it_and_answer_its_outcome()
    {
        var copies = Enumerable.Range(0, 6).Select(_ => CopyAsync("EV-1", () => Paid)).ToList();
        var other = CopyAsync("EV-2", () => Paid);

        Assert.All(copies, c => Assert.False(c.IsCompleted));
        Assert.Equal(2, _applied);
        _release.SetResult();

        Assert.All(await Task.WhenAll(copies), o => Assert.Same(Paid, o));
        Assert.Same(Paid, await other);
        Assert.Equal(2, _applied);
    }

    [Fact]
    public async Task When_the_first_copy_fails_the_waiting_copies_are_busy_and_a_later_copy_is_applied_again()
    {
        var first = CopyAsync("EV-3", () => throw new TimeoutException("the database went away"));
        var twins = Enumerable.Range(0, 3).Select(_ => CopyAsync("EV-3", () => Paid)).ToList();
        _release.SetResult();

        await Assert.ThrowsAsync<TimeoutException>(() => first);
        Assert.All(await Task.WhenAll(twins), o => Assert.Same(NoticeOutcome.Busy, o));
        Assert.Same(Paid, await CopyAsync("EV-3", () => Paid));
        Assert.Equal(2, _applied);
    }
}
