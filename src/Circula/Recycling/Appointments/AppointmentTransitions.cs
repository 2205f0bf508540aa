using Circula.Data;
using Circula.Recycling.Collectors;
using Circula.Recycling.Contracts;
using Circula.Recycling.Payouts;
using Circula.Shared.Results;
using Circula.Shared.StateMachines;
using Microsoft.EntityFrameworkCore;

namespace Circula.Recycling.Appointments;

/// <summary>
/// Applies the appointment's transition table through the <see cref="StateMachineEngine"/> (history row and one
/// <see cref="AppointmentStatusChanged"/>), saves with the version check (so of two concurrent transitions exactly one
/// wins; the loser's request is 409), then carries out the row's effects, all in one transaction. A customer reaches
/// only their own appointments and a collector only those assigned to them; anything else is not found.
/// </summary>
public sealed class AppointmentTransitions(CirculaDbContext db, StateMachineEngine engine, PickupSlots slots, CollectorRoster collectors,
    Settlement settlement)
{
    /// <summary>
    /// Applies <paramref name="trigger"/>. <paramref name="prepare"/> runs once the table allows the transition and before
    /// it moves: it records what the transition carries (a collector, the weighed items) or refuses it.
    /// <paramref name="payoutProvider"/> is the provider a completion pays out through.
    /// </summary>
    public async Task<Result<Appointment>> ApplyAsync(long id, AppointmentTrigger trigger, Requester by, string? reason, CancellationToken ct,
        Func<Appointment, Task<DomainError?>>? prepare = null, string? payoutProvider = null)
    {
        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using (ownTransaction)
        {
            var appointment = await Visible(by).FirstOrDefaultAsync(a => a.Id == id, ct);
            if (appointment is null)
            {
                return DomainError.NotFound("Appointment");
            }

            var allowed = AppointmentStateMachine.Machine.Decide(appointment.Status, trigger, by.Actor);
            if (!allowed.IsSuccess)
            {
                return allowed.Error;
            }

            var heldBy = appointment.CollectorId;
            if (prepare is not null && await prepare(appointment) is { } refusal)
            {
                return refusal;
            }

            var change = engine.Apply(AppointmentStateMachine.Machine, appointment, trigger, by, reason);
            if (!change.IsSuccess)
            {
                return change.Error;
            }

            if (change.Value.To == AppointmentStatus.Cancelled)
            {
                appointment.RecordCancellation(trigger, by.Actor);
            }

            // The appointment row is written first: a concurrent transition waits on it and then fails the version check
            // before it can touch counts or money.
            await db.SaveChangesAsync(ct);
            await ApplyEffectsAsync(appointment, change.Value.Effects, heldBy, payoutProvider, ct);
            await db.SaveChangesAsync(ct);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(ct);
            }

            return appointment;
        }
    }

    /// <summary>The appointments <paramref name="by"/> may see: a customer's own, a collector's assigned ones, all for operators and the system.</summary>
    public IQueryable<Appointment> Visible(Requester by) => by.Actor switch
    {
        Actor.Customer => db.Set<Appointment>().Where(a => a.UserId == by.UserId),
        Actor.Collector => db.Set<Appointment>().Where(a => a.CollectorId == by.UserId),
        _ => db.Set<Appointment>(),
    };

    private async Task ApplyEffectsAsync(Appointment appointment, AppointmentEffects effects, long? heldBy, string? payoutProvider, CancellationToken ct)
    {
        if (effects.HasFlag(AppointmentEffects.ReleaseSlot))
        {
            await slots.ReleaseAsync(appointment.AreaId, appointment.SlotStart, ct);
        }

        if (effects.HasFlag(AppointmentEffects.ReleaseCollector) && heldBy is { } collector)
        {
            await collectors.ReleasePlaceAsync(collector, appointment.SlotStart, ct);
        }

        if (effects.HasFlag(AppointmentEffects.RequestPayout))
        {
            settlement.Request(appointment, payoutProvider ?? throw new InvalidOperationException("A completion names its payout provider."));
        }
    }
}
