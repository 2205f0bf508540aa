using Circula.Shared.Ids;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Shared;

public sealed class SnowflakeIdGeneratorTests
{
    private sealed class FixedWorker(int? id) : IWorkerIdSource
    {
        public int? CurrentWorkerId { get; set; } = id;
    }

    [Fact]
    public void Layout_matches_the_published_twitter_vector()
    {
        // protocols.md §6: epoch 1288834974657, ts 1700000000000, datacenter 1, worker 1, seq 0.
        const long twitterEpoch = 1288834974657;
        var machine = (1 << 5) | 1;
        Assert.Equal(1724551110456381440, SnowflakeId.Compose(1700000000000 - twitterEpoch, machine, 0));
        Assert.Equal((1700000000000 - twitterEpoch, machine, 0), SnowflakeId.Decompose(1724551110456381440));
    }

    [Fact]
    public void Ids_increase_carry_the_worker_and_the_time()
    {
        var clock = new ManualClock();
        var generator = new SnowflakeIdGenerator(clock, new FixedWorker(513));
        var first = generator.NextId();
        var second = generator.NextId();
        clock.Advance(TimeSpan.FromMilliseconds(3));
        var third = generator.NextId();

        Assert.True(first < second && second < third);
        Assert.Equal(513, SnowflakeId.Decompose(first).WorkerId);
        Assert.Equal((0, 1), (SnowflakeId.Decompose(first).Sequence, SnowflakeId.Decompose(second).Sequence));
        Assert.Equal(0, SnowflakeId.Decompose(third).Sequence);
        Assert.InRange((SnowflakeId.TimeOf(third) - clock.GetUtcNow()).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void Parallel_callers_never_get_the_same_id()
    {
        var generator = new SnowflakeIdGenerator(TimeProvider.System, new FixedWorker(1));
        var ids = new long[4][];
        Parallel.For(0, 4, i => ids[i] = Enumerable.Range(0, 20_000).Select(_ => generator.NextId()).ToArray());
        var all = ids.SelectMany(x => x).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public void A_large_backward_step_is_refused_and_recovers_once_the_clock_catches_up()
    {
        var clock = new ManualClock();
        var generator = new SnowflakeIdGenerator(clock, new FixedWorker(7));
        var before = generator.NextId();
        clock.Advance(TimeSpan.FromSeconds(-2));

        var error = Assert.Throws<ClockMovedBackwardsException>(() => generator.NextId());
        Assert.InRange(error.BehindMilliseconds, 1999, 2001);

        clock.Advance(TimeSpan.FromSeconds(2) + TimeSpan.FromMilliseconds(1));
        Assert.True(generator.NextId() > before);
    }

    [Fact]
    public void A_small_backward_step_that_does_not_recover_is_refused_after_waiting()
    {
        var clock = new ManualClock();
        var generator = new SnowflakeIdGenerator(clock, new FixedWorker(7));
        generator.NextId();
        clock.Advance(TimeSpan.FromMilliseconds(-3));

        Assert.Throws<ClockMovedBackwardsException>(() => generator.NextId());
    }

    [Fact]
    public void A_small_backward_step_is_waited_out_when_the_clock_recovers()
    {
        var generator = new SnowflakeIdGenerator(new StepBackOnceClock(TimeSpan.FromMilliseconds(3)), new FixedWorker(7));
        var first = generator.NextId();
        var second = generator.NextId();
        Assert.True(second > first);
    }

    [Fact]
    public void Without_a_worker_lease_no_id_is_issued()
    {
        var worker = new FixedWorker(null);
        var generator = new SnowflakeIdGenerator(TimeProvider.System, worker);
        Assert.Throws<NoWorkerIdException>(() => generator.NextId());
        worker.CurrentWorkerId = 3;
        Assert.Equal(3, SnowflakeId.Decompose(generator.NextId()).WorkerId);
    }

    /// <summary>Real time, except that the second reading jumps back once, like an NTP step.</summary>
    private sealed class StepBackOnceClock(TimeSpan step) : TimeProvider
    {
        private int _readings;

        public override DateTimeOffset GetUtcNow() =>
            Interlocked.Increment(ref _readings) == 2 ? System.GetUtcNow() - step : System.GetUtcNow();
    }
}
