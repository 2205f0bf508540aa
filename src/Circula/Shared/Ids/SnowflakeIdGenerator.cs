namespace Circula.Shared.Ids;

/// <summary>The clock is behind the last issued id by more than the generator is willing to wait out.</summary>
public sealed class ClockMovedBackwardsException(long behindMilliseconds)
    : InvalidOperationException($"Clock moved backwards by {behindMilliseconds} ms. Refusing to generate ids until it catches up.")
{
    public long BehindMilliseconds { get; } = behindMilliseconds;
}

/// <summary>No worker id is held (never acquired, or the lease was lost): issuing ids now could collide with another replica.</summary>
public sealed class NoWorkerIdException()
    : InvalidOperationException("This process holds no Snowflake worker id lease, so it cannot issue ids.");

/// <summary>
/// Thread-safe Snowflake ids from a leased worker id. A clock that steps back by at most
/// <see cref="MaxBackwardWait"/> is waited out (as Leaf does); a larger step is refused with
/// <see cref="ClockMovedBackwardsException"/> rather than risking a duplicate.
/// </summary>
public sealed class SnowflakeIdGenerator(TimeProvider clock, IWorkerIdSource workerIds)
{
    public static readonly TimeSpan MaxBackwardWait = TimeSpan.FromMilliseconds(5);

    private readonly Lock _gate = new();
    private long _lastElapsed = -1;
    private int _sequence;

    public long NextId()
    {
        var workerId = workerIds.CurrentWorkerId ?? throw new NoWorkerIdException();
        lock (_gate)
        {
            var elapsed = Elapsed();
            if (elapsed < _lastElapsed)
            {
                elapsed = WaitOutBackwardStep(elapsed);
            }

            if (elapsed == _lastElapsed)
            {
                _sequence = (_sequence + 1) & SnowflakeId.MaxSequence;
                if (_sequence == 0)
                {
                    // 4096 ids in one millisecond: the next id belongs to the next millisecond.
                    elapsed = SpinUntilAfter(_lastElapsed);
                }
            }
            else
            {
                _sequence = 0;
            }

            _lastElapsed = elapsed;
            return SnowflakeId.Compose(elapsed, workerId, _sequence);
        }
    }

    private long WaitOutBackwardStep(long elapsed)
    {
        var behind = _lastElapsed - elapsed;
        if (behind > MaxBackwardWait.TotalMilliseconds)
        {
            throw new ClockMovedBackwardsException(behind);
        }

        // Wait twice the step in real time; if the clock has still not caught up, refuse.
        var caughtUp = SpinWait.SpinUntil(() => Elapsed() >= _lastElapsed, TimeSpan.FromMilliseconds(behind * 2));
        return caughtUp ? Elapsed() : throw new ClockMovedBackwardsException(_lastElapsed - Elapsed());
    }

    private long SpinUntilAfter(long last)
    {
        long now;
        var spinner = new SpinWait();
        while ((now = Elapsed()) <= last)
        {
            spinner.SpinOnce();
        }

        return now;
    }

    private long Elapsed() => (long)(clock.GetUtcNow() - SnowflakeId.Epoch).TotalMilliseconds;
}

/// <summary>Where the generator gets its worker id: a database lease in the server, a fixed id in tests.</summary>
public interface IWorkerIdSource
{
    int? CurrentWorkerId { get; }
}
