namespace Circula.Tests.Marketplace;

/// <summary>
/// What a test needs to write search documents straight to the index: fresh listing ids, and a category of its own that
/// its queries filter on, so the demo listings and its neighbours' documents stay out of its answers.
/// </summary>
internal sealed class OwnSearchDocuments
{
    private static long _nextId = Random.Shared.NextInt64(1L << 40, 1L << 50);

    public long Category { get; } = Random.Shared.NextInt64(1_000_000, long.MaxValue);

    public static long NextId() => Interlocked.Increment(ref _nextId);
}
