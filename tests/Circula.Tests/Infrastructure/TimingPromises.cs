namespace Circula.Tests.Infrastructure;

/// <summary>
/// Tests that time a promise made to users (an edit visible on another process within a second) run alone, after the
/// parallel ones: on two shared cores a neighbour racing 500 buyers delays the pollers they time, and the test would
/// measure the neighbour instead of the promise.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingPromises
{
    public const string Name = "Timing promises";
}
