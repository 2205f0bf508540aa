using Circula.Data;
using Circula.Recycling.Appointments;
using Circula.Recycling.Contracts;
using Circula.Shared.Results;
using Circula.Shared.StateMachines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Circula.Recycling.Channels;

/// <summary>
/// Keeps an appointment in step with its channel order, through the appointment's transition table (as the system, with
/// the channel named in each reason). It reads both as they are now rather than trusting the event that woke it, so
/// events arriving late, twice or out of order come to the same end. The channel's statuses map to:
/// accepted or assigned → Assigned (no collector of ours); on the way → OnTheWay; completed with a price → Weighed at that
/// price, then Completed without a payout of ours (the channel paid the customer); completed without a price stops at
/// OnTheWay for an operator (logged). A channel that cancels or rejects before its collector set off gives the pickup
/// back to our own collectors (dispatched as on confirmation); after that, the appointment is cancelled with its reason.
/// An appointment cancelled here while its channel order is open has the order cancelled at the channel (retried
/// through the outbox while the channel fails).
/// </summary>
public sealed class ChannelFollower(CirculaDbContext db, AppointmentTransitions transitions, AppointmentWork work, RecyclingChannels channels,
    ILogger<ChannelFollower> logger)
{
    /// <summary>Confirmed to Completed is four transitions; a bound, so that a mistake cannot loop.</summary>
    private const int MaxSteps = 6;

    /// <summary>Brings appointment <paramref name="appointmentId"/> in step with its channel order; <paramref name="detail"/> is what the channel said last.</summary>
    public async Task FollowAsync(long appointmentId, string? detail, CancellationToken ct)
    {
        for (var i = 0; i < MaxSteps; i++)
        {
            db.ChangeTracker.Clear();
            var order = await channels.FindAsync(appointmentId, ct);
            var appointment = await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId, ct);
            if (order is null || appointment is null || !await StepAsync(appointment, order, detail, ct))
            {
                return;
            }
        }
    }

    /// <summary>One transition toward the order's status; false when the appointment is where it should be.</summary>
    private async Task<bool> StepAsync(Appointment appointment, ChannelOrder order, string? detail, CancellationToken ct)
    {
        if (appointment.Status == AppointmentStatus.Cancelled)
        {
            if (order.IsOpen)
            {
                await CancelAtChannelAsync(appointment, ct);
            }

            return false;
        }

        // Ours already (completed, or given to our own collector after the channel gave it up): nothing the channel says changes it.
        if (appointment.Status == AppointmentStatus.Completed || appointment.CollectorId is not null)
        {
            return false;
        }

        var by = $"channel {order.Channel} (order {order.ExternalId})";
        if (order.Status is ChannelOrderStatus.Cancelled or ChannelOrderStatus.Rejected)
        {
            var why = $"{by} gave it up{(detail is null ? "" : $": {detail}")}";
            switch (appointment.Status)
            {
                case AppointmentStatus.Confirmed:
                    await work.DispatchAsync(appointment, ct);
                    return false;
                case AppointmentStatus.Assigned:
                    return await MoveAsync(appointment, AppointmentTrigger.ReleaseByChannel, why, ct);
                default:
                    return await MoveAsync(appointment, AppointmentTrigger.Cancel, why, ct);
            }
        }

        switch (appointment.Status, order.Status)
        {
            case (AppointmentStatus.Confirmed, _):
                return await MoveAsync(appointment, AppointmentTrigger.Assign, $"taken by {by}", ct);
            case (AppointmentStatus.Assigned, ChannelOrderStatus.OnTheWay or ChannelOrderStatus.Completed):
                return await MoveAsync(appointment, AppointmentTrigger.StartTrip, $"{by} is on the way", ct);
            case (AppointmentStatus.OnTheWay, ChannelOrderStatus.Completed) when order.FinalFen is { } paid:
                return await MoveAsync(appointment, AppointmentTrigger.Weigh, $"{by} paid {paid} fen", ct, a =>
                {
                    a.RecordChannelPrice(paid);
                    return Task.FromResult<DomainError?>(null);
                });
            case (AppointmentStatus.OnTheWay, ChannelOrderStatus.Completed):
                logger.LogWarning("Appointment {Appointment}: {Channel} reported completion without a price; an operator must finish it", appointment.Id, by);
                return false;
            case (AppointmentStatus.Weighed, ChannelOrderStatus.Completed):
                return await MoveAsync(appointment, AppointmentTrigger.CompleteByChannel, $"completed by {by}", ct);
            default:
                return false;
        }
    }

    /// <summary>A transition decided from the current state can fail only to a concurrent one: the outbox retries, and the next look decides again.</summary>
    private async Task<bool> MoveAsync(Appointment appointment, AppointmentTrigger trigger, string reason, CancellationToken ct,
        Func<Appointment, Task<DomainError?>>? prepare = null)
    {
        var moved = await transitions.ApplyAsync(appointment.Id, trigger, Requester.System, reason, ct, prepare);
        return moved.IsSuccess ? true : throw new InvalidOperationException($"Appointment {appointment.Id} could not follow its channel: {moved.Error.Detail}");
    }

    private async Task CancelAtChannelAsync(Appointment appointment, CancellationToken ct)
    {
        var cancelled = await channels.CancelAsync(appointment.Id, appointment.CancelReason ?? appointment.Cancellation ?? "cancelled", ct);
        if (!cancelled.IsSuccess)
        {
            // Thrown so that the outbox asks again with backoff (and dead-letters it, for an operator, if the channel never agrees).
            throw new InvalidOperationException($"Appointment {appointment.Id}: the channel did not cancel its order: {cancelled.Error.Detail}");
        }
    }
}
