namespace Circula.Shared.StateMachines;

/// <summary>
/// One row of a transition table: from <see cref="From"/>, <see cref="Trigger"/> pulled by one of <see cref="Actors"/>
/// leads to <see cref="To"/>; <see cref="Effects"/> (a flags enum of the module's) says what else must happen, for the
/// module to carry out in the same transaction.
/// </summary>
public sealed record Transition<TStatus, TTrigger, TEffects>(TStatus From, TTrigger Trigger, TStatus To, IReadOnlyList<Actor> Actors, TEffects Effects)
    where TStatus : struct, Enum
    where TTrigger : struct, Enum
    where TEffects : struct, Enum;

/// <summary>A transition that happened: what it was, who asked, why and when. The machine's history row and event are made from it.</summary>
public sealed record StatusChange<TStatus, TTrigger, TEffects>(TStatus From, TStatus To, TTrigger Trigger, TEffects Effects, Requester By, string? Reason, DateTime At)
    where TStatus : struct, Enum
    where TTrigger : struct, Enum
    where TEffects : struct, Enum;

/// <summary>
/// An aggregate whose status moves only through a <see cref="StateMachine{TSubject,TStatus,TTrigger,TEffects}"/>. Implement
/// <see cref="Enter"/> explicitly, so that nothing but the machine can call it.
/// </summary>
public interface IStateMachineSubject<TStatus> where TStatus : struct, Enum
{
    TStatus Status { get; }

    /// <summary>Moves to <paramref name="status"/>: the subject bumps its version and stamps what this status records.</summary>
    void Enter(TStatus status, string? reason, DateTime at);
}

/// <summary>Transitions with no effects beyond the status change.</summary>
[Flags]
public enum NoEffects
{
    None = 0,
}
