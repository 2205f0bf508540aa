using Circula.Shared;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Circula.Payments;

/// <summary>A payment or refund: a status that moves through a transition table, a version, and a success time.</summary>
public interface IMoneyMovement<TStatus> where TStatus : struct, Enum
{
    TStatus Status { get; set; }

    DateTime UpdatedAt { get; set; }

    int Version { get; set; }

    DateTime? SucceededAt { get; set; }
}

/// <summary>
/// One explicit transition table for a money movement; anything not in it is refused with 409 invalid_transition.
/// Applying a transition bumps the version and stamps the times.
/// </summary>
public sealed class MoneyTransitions<TStatus, TTrigger>(string subject, TStatus succeeded, params (TStatus From, TTrigger Trigger, TStatus To)[] transitions)
    where TStatus : struct, Enum
    where TTrigger : struct, Enum
{
    public IReadOnlyList<(TStatus From, TTrigger Trigger, TStatus To)> Transitions { get; } = transitions;

    public ProblemHttpResult? Apply(IMoneyMovement<TStatus> movement, TTrigger trigger, DateTime now)
    {
        var from = movement.Status;
        var index = Transitions.ToList().FindIndex(t => t.From.Equals(from) && t.Trigger.Equals(trigger));
        if (index < 0)
        {
            return ApiProblems.Conflict("invalid_transition", $"A {subject} that is {from.ToString().ToLowerInvariant()} cannot take {trigger}.");
        }

        var transition = Transitions[index];
        movement.Status = transition.To;
        movement.UpdatedAt = now;
        movement.Version++;
        if (transition.To.Equals(succeeded))
        {
            movement.SucceededAt = now;
        }

        return null;
    }
}
