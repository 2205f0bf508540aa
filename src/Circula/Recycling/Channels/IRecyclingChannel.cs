using Circula.Recycling.Appointments;
using Circula.Recycling.Contracts;

namespace Circula.Recycling.Channels;

/// <summary>
/// A third-party recycling channel (a partner who sends its own collectors) as the rest of Recycling sees it, shaped like
/// the payment-provider seam: quote, create an order, get its status, cancel it; plus what it takes (categories) and where
/// (coverage). Calls that cannot reach the channel or get no usable answer throw <see cref="ChannelUnavailableException"/>
/// (they count against the channel's circuit breaker); a refusal is an answer (<see cref="ChannelRefusal"/>).
/// </summary>
public interface IRecyclingChannel
{
    RecyclingChannelInfo Info { get; }

    /// <summary>What the channel would pay for the pickup; null when it refuses to quote it.</summary>
    Task<ChannelAnswer<ChannelQuote>> QuoteAsync(ChannelPickup pickup, CancellationToken ct);

    /// <summary>Hands the pickup over; the appointment id is the channel's idempotency key, so a repeat returns the same order.</summary>
    Task<ChannelAnswer<ChannelOrderAnswer>> CreateOrderAsync(ChannelPickup pickup, CancellationToken ct);

    Task<ChannelAnswer<ChannelOrderAnswer>> GetStatusAsync(long appointmentId, string externalId, CancellationToken ct);

    Task<ChannelAnswer<ChannelOrderAnswer>> CancelAsync(long appointmentId, string externalId, string reason, CancellationToken ct);
}

/// <summary>
/// A channel's name (stable, in URLs and the channel-order table), its priority (lower is asked first; ties by name), the
/// categories it takes (category paths; a path covers its sub-categories) and its coverage (<c>城市</c> or
/// <c>城市/区县</c> as in the pickup address, or <c>*</c> for everywhere), and how its calls are guarded.
/// </summary>
public sealed record RecyclingChannelInfo(string Name, int Priority, IReadOnlyList<string> Categories, IReadOnlyList<string> Coverage, ChannelGuard Guard)
{
    public const string Everywhere = "*";

    public bool Takes(string categoryPath) =>
        Categories.Any(c => categoryPath == c || categoryPath.StartsWith(c + "/", StringComparison.Ordinal));

    public bool Covers(PickupAddress address) =>
        Coverage.Any(c => c == Everywhere || c == address.City || c == $"{address.City}/{address.District}");
}

/// <summary>
/// Each call's timeout, and the circuit breaker: it opens when <see cref="BreakAfterFailures"/> calls (at least half of
/// those) failed within <see cref="Window"/>, refuses calls for <see cref="BreakFor"/>, then lets one through to try.
/// </summary>
public sealed record ChannelGuard(TimeSpan Timeout, int BreakAfterFailures, TimeSpan Window, TimeSpan BreakFor);

/// <summary>What a channel is told about a pickup: the appointment, its category path, our quote, who and where, and when.</summary>
public sealed record ChannelPickup(long AppointmentId, long CategoryId, string CategoryPath, long QuotedFen, PickupContact Contact, DateTime SlotStart, DateTime SlotEnd);

/// <summary>A channel's price for the pickup, in fen, and until when it holds.</summary>
public sealed record ChannelQuote(long PriceFen, DateTime? ValidUntil = null);

/// <summary>A channel's order for a pickup: its id at the channel, its status and, once completed, what the channel paid (fen).</summary>
public sealed record ChannelOrderAnswer(string ExternalId, ChannelOrderStatus Status, long? FinalFen = null);

/// <summary>The channel answered and refused (not covered, category not taken, unknown order): a stable code and what it said.</summary>
public sealed record ChannelRefusal(string Code, string Detail);

/// <summary>A channel's answer: a value, or its refusal.</summary>
public sealed record ChannelAnswer<TValue>(TValue? Value, ChannelRefusal? Refusal) where TValue : class
{
    public static implicit operator ChannelAnswer<TValue>(TValue value) => new(value, null);

    public static implicit operator ChannelAnswer<TValue>(ChannelRefusal refusal) => new(null, refusal);
}

/// <summary>The channel could not be reached, timed out, failed (5xx, 429) or answered something unusable.</summary>
public sealed class ChannelUnavailableException(string message) : Exception(message);
