namespace Circula.Recycling.Contracts;

/// <summary>
/// Where a pickup handed to a third-party recycling channel is, as the channel reports it. Moves only forward
/// (<see cref="Accepted"/> → <see cref="Assigned"/> → <see cref="OnTheWay"/> → <see cref="Completed"/>); <see cref="Cancelled"/>
/// and <see cref="Rejected"/> end it from any open state.
/// </summary>
public enum ChannelOrderStatus
{
    /// <summary>The channel took the order.</summary>
    Accepted,

    /// <summary>The channel named its collector.</summary>
    Assigned,

    /// <summary>The collector is on the way.</summary>
    OnTheWay,

    /// <summary>Picked up and paid by the channel.</summary>
    Completed,

    /// <summary>Cancelled, by us or by the channel.</summary>
    Cancelled,

    /// <summary>The channel gave the order up (no collector, out of its area after all).</summary>
    Rejected,
}
