using Circula.Data;
using Circula.Recycling.Appointments;
using Circula.Recycling.Contracts;
using Circula.Shared.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Circula.Recycling.Channels;

/// <summary>
/// After a confirmation commits, offers the pickup to the channels that take it (<see cref="RecyclingChannels.PlaceAsync(long, CancellationToken)"/>:
/// priority order, each call behind its timeout and breaker) and, when none takes it, gives it to our own collectors.
/// After a cancellation commits, cancels the order a channel holds (<see cref="ChannelFollower"/>). Both run here, on the
/// appointment's event and outside any transaction, because a channel call may take seconds or time out.
/// </summary>
public sealed class ChannelHandover(CirculaDbContext db, RecyclingChannels channels, AppointmentWork work, ChannelFollower follower)
    : IOutboxHandler<AppointmentStatusChanged>
{
    public static string Name => "recycling.channel-handover";

    public async Task HandleAsync(AppointmentStatusChanged @event, EventEnvelope envelope, CancellationToken ct)
    {
        var id = @event.AppointmentId.Value;
        if (@event.To == AppointmentStatus.Cancelled)
        {
            await follower.FollowAsync(id, null, ct);
            return;
        }

        if (@event.Trigger != AppointmentTrigger.Confirm)
        {
            return;
        }

        // Dispatched already (no channel takes it, so confirmation did), or moved on since: nothing to hand over.
        var appointment = await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (appointment is not { Status: AppointmentStatus.Confirmed, CollectorId: null })
        {
            return;
        }

        // No attempt means no channel takes the pickup: the confirmation has dispatched it already (or found nobody).
        // A channel order, new or found, drives the appointment through its ChannelOrderStatusChanged (ChannelFollower).
        var placement = await channels.PlaceAsync(id, ct);
        if (placement.Value is { ToOwnCollectors: true, Attempts.Count: > 0 })
        {
            await work.DispatchAsync(appointment, ct);
        }
    }
}

/// <summary>Follows a channel order's status changes (verified callbacks, placements, refreshes) onto its appointment.</summary>
public sealed class ChannelOrderFollowing(ChannelFollower follower) : IOutboxHandler<ChannelOrderStatusChanged>
{
    public static string Name => "recycling.follow-channel-order";

    public Task HandleAsync(ChannelOrderStatusChanged @event, EventEnvelope envelope, CancellationToken ct) =>
        follower.FollowAsync(@event.AppointmentId, @event.Detail, ct);
}
