using Circula.Data;
using Circula.Shared.Results;

namespace Circula.Shared.StateMachines;

/// <summary>
/// Applies a transition inside the caller's unit of work: the machine decides and moves the subject, then its history row
/// and its one event are added to the same <see cref="CirculaDbContext"/>, so the caller's SaveChanges commits all three
/// or none. The subject's version (a concurrency token) makes one of two racing transitions fail on save.
/// </summary>
public sealed class StateMachineEngine(CirculaDbContext db, Outbox.Outbox outbox, TimeProvider clock)
{
    public Result<StatusChange<TStatus, TTrigger, TEffects>> Apply<TSubject, TStatus, TTrigger, TEffects>(
        StateMachine<TSubject, TStatus, TTrigger, TEffects> machine, TSubject subject, TTrigger trigger, Requester by, string? reason = null)
        where TSubject : class, IStateMachineSubject<TStatus>
        where TStatus : struct, Enum
        where TTrigger : struct, Enum
        where TEffects : struct, Enum
    {
        var change = machine.Fire(subject, trigger, by, reason, clock.GetUtcNow().UtcDateTime);
        if (change.IsSuccess)
        {
            db.Add(machine.HistoryRow(subject, change.Value));
            outbox.Add(machine.Event(subject, change.Value));
        }

        return change;
    }
}
