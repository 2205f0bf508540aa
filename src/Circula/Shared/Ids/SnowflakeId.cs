namespace Circula.Shared.Ids;

/// <summary>
/// The 64-bit layout: sign 0 | 41-bit milliseconds since <see cref="Epoch"/> | 10-bit worker | 12-bit sequence.
/// 41 bits of milliseconds last about 69 years from the epoch.
/// </summary>
public static class SnowflakeId
{
    public const int WorkerBits = 10;
    public const int SequenceBits = 12;
    public const int MaxWorkerId = (1 << WorkerBits) - 1;
    public const int MaxSequence = (1 << SequenceBits) - 1;
    private const int TimeShift = WorkerBits + SequenceBits;
    private const long MaxElapsed = (1L << 41) - 1;

    /// <summary>Circula's custom epoch, 2026-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static long Compose(long elapsedMilliseconds, int workerId, int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elapsedMilliseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elapsedMilliseconds, MaxElapsed);
        ArgumentOutOfRangeException.ThrowIfNegative(workerId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(workerId, MaxWorkerId);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, MaxSequence);
        return (elapsedMilliseconds << TimeShift) | ((long)workerId << SequenceBits) | (long)sequence;
    }

    public static (long ElapsedMilliseconds, int WorkerId, int Sequence) Decompose(long id) =>
        (id >> TimeShift, (int)((id >> SequenceBits) & MaxWorkerId), (int)(id & MaxSequence));

    public static DateTimeOffset TimeOf(long id) => Epoch.AddMilliseconds(Decompose(id).ElapsedMilliseconds);
}
