using Circula.Recycling.Contracts;

namespace Circula.Recycling.Channels;

/// <summary>
/// A pickup handed to a third-party channel: at most one per appointment, with the channel's own id for it and the status
/// it last reported. The status only moves forward (<see cref="ChannelOrderStatus"/>); a late or repeated report changes nothing.
/// </summary>
public sealed class ChannelOrder
{
    public const int MaxExternalIdLength = 64;

    private ChannelOrder()
    {
    }

    public long AppointmentId { get; private init; }

    public string Channel { get; private init; } = "";

    public string ExternalId { get; private init; } = "";

    public ChannelOrderStatus Status { get; private set; }

    /// <summary>What the channel paid, when it reported completion with an amount.</summary>
    public long? FinalFen { get; private set; }

    public int Version { get; private set; } = 1;

    public DateTime CreatedAt { get; private init; }

    public DateTime UpdatedAt { get; private set; }

    public static ChannelOrder Placed(long appointmentId, string channel, ChannelOrderAnswer answer, DateTime now) => new()
    {
        AppointmentId = appointmentId,
        Channel = channel,
        ExternalId = answer.ExternalId,
        Status = answer.Status,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>When the refresh job last asked the channel about this order (a claim: one replica asks once per period).</summary>
    public DateTime? CheckedAt { get; private set; }

    public static readonly ChannelOrderStatus[] OpenStatuses = [ChannelOrderStatus.Accepted, ChannelOrderStatus.Assigned, ChannelOrderStatus.OnTheWay];

    public bool IsOpen => OpenStatuses.Contains(Status);

    /// <summary>Moves to <paramref name="to"/> when that is forward from an open status; false (nothing changed) otherwise.</summary>
    public bool MoveTo(ChannelOrderStatus to, long? finalFen, DateTime now)
    {
        // The enum is in order, the two ends last: anything above an open status is forward.
        if (!IsOpen || to <= Status)
        {
            return false;
        }

        Status = to;
        FinalFen = to == ChannelOrderStatus.Completed ? finalFen : null;
        Version++;
        UpdatedAt = now;
        return true;
    }
}

/// <summary>A callback nonce a channel used, kept for the signature's freshness window so a replay is refused.</summary>
public sealed class ChannelNonce
{
    private ChannelNonce()
    {
    }

    public string Channel { get; private init; } = "";

    public string Nonce { get; private init; } = "";

    public DateTime ReceivedAt { get; private init; }

    public static ChannelNonce Seen(string channel, string nonce, DateTime now) => new() { Channel = channel, Nonce = nonce, ReceivedAt = now };
}
