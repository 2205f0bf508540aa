using System.Collections.Concurrent;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Circula.Recycling.Channels;

/// <summary>
/// One resilience pipeline per channel for the life of the process (the breaker's state lives in it): a circuit breaker
/// around a timeout, both on the injected clock. A call that throws <see cref="ChannelUnavailableException"/> or times
/// out counts as a failure; a refusal is an answer and does not. While the breaker is open a call fails at once with
/// <see cref="BrokenCircuitException"/>, without reaching the channel.
/// </summary>
public sealed class ChannelGuards(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, ResiliencePipeline> _pipelines = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="call"/> through <paramref name="channel"/>'s breaker and timeout.</summary>
    public ValueTask<TResult> RunAsync<TResult>(RecyclingChannelInfo channel, Func<CancellationToken, Task<TResult>> call, CancellationToken ct) =>
        _pipelines.GetOrAdd(channel.Name, _ => Build(channel.Guard)).ExecuteAsync(async token => await call(token), ct);

    /// <summary>Whether a failure of a guarded call is the channel's (unreachable, failing, timed out, breaker open), not ours.</summary>
    public static bool IsChannelFailure(Exception e) => e is ChannelUnavailableException or TimeoutRejectedException or BrokenCircuitException;

    private ResiliencePipeline Build(ChannelGuard guard) =>
        new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = guard.BreakAfterFailures,
                SamplingDuration = guard.Window,
                BreakDuration = guard.BreakFor,
                ShouldHandle = new PredicateBuilder().Handle<ChannelUnavailableException>().Handle<TimeoutRejectedException>(),
            })
            .AddTimeout(guard.Timeout)
            .Build();
}
