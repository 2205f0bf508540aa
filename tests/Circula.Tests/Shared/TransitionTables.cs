using Circula.Shared.StateMachines;

namespace Circula.Tests.Shared;

/// <summary>Checks a transition table in the code against one written out by hand in a machine's test.</summary>
internal static class TransitionTables
{
    /// <summary>The machine lists exactly <paramref name="expected"/> (in any order).</summary>
    public static void AssertExactly<TSubject, TStatus, TTrigger, TEffects>(StateMachine<TSubject, TStatus, TTrigger, TEffects> machine,
        IEnumerable<(TStatus From, TTrigger Trigger, TStatus To, Actor[] Actors, TEffects Effects)> expected)
        where TSubject : class, IStateMachineSubject<TStatus>
        where TStatus : struct, Enum
        where TTrigger : struct, Enum
        where TEffects : struct, Enum
    {
        var actual = machine.Transitions.Select(t => (t.From, t.Trigger, t.To, Actors: string.Join(",", t.Actors.Order()), t.Effects));
        var written = expected.Select(r => (r.From, r.Trigger, r.To, Actors: string.Join(",", r.Actors.Order()), r.Effects));
        Assert.Equal(written.OrderBy(r => r.ToString()), actual.OrderBy(r => r.ToString()));
    }

    public static TheoryData<TStatus, TTrigger, Actor> EveryStatusTriggerAndActor<TStatus, TTrigger>() where TStatus : struct, Enum where TTrigger : struct, Enum
    {
        var data = new TheoryData<TStatus, TTrigger, Actor>();
        foreach (var status in Enum.GetValues<TStatus>())
        {
            foreach (var trigger in Enum.GetValues<TTrigger>())
            {
                foreach (var actor in Enum.GetValues<Actor>())
                {
                    data.Add(status, trigger, actor);
                }
            }
        }

        return data;
    }

    /// <summary><paramref name="actor"/> may pull <paramref name="trigger"/> from <paramref name="status"/> exactly when a written-out row says so; otherwise it is invalid_transition.</summary>
    public static void AssertAllowedOnlyAsWritten<TSubject, TStatus, TTrigger, TEffects>(StateMachine<TSubject, TStatus, TTrigger, TEffects> machine,
        IEnumerable<(TStatus From, TTrigger Trigger, TStatus To, Actor[] Actors, TEffects Effects)> expected, TStatus status, TTrigger trigger, Actor actor)
        where TSubject : class, IStateMachineSubject<TStatus>
        where TStatus : struct, Enum
        where TTrigger : struct, Enum
        where TEffects : struct, Enum
    {
        var decision = machine.Decide(status, trigger, actor);
        var listed = expected.Any(r => r.From.Equals(status) && r.Trigger.Equals(trigger) && r.Actors.Contains(actor));
        Assert.Equal(listed, decision.IsSuccess);
        if (!listed)
        {
            Assert.Equal(StateMachine<TSubject, TStatus, TTrigger, TEffects>.InvalidTransition, decision.Error!.Code);
        }
    }
}
