using Circula.Shared.Outbox;
using Circula.Shared.Results;

namespace Circula.Shared.StateMachines;

/// <summary>Makes the one integration event a status change raises (a delegate: event interfaces cannot be type arguments).</summary>
public delegate IIntegrationEvent StatusChangeEvent<in TSubject, TStatus, TTrigger, TEffects>(TSubject subject, StatusChange<TStatus, TTrigger, TEffects> change)
    where TStatus : struct, Enum
    where TTrigger : struct, Enum
    where TEffects : struct, Enum;

/// <summary>How a machine words its refusals: "an order that is waiting for payment cannot be shipped".</summary>
public sealed record TransitionWording<TStatus, TTrigger>(Func<TStatus, string> Status, Func<TTrigger, string> Trigger)
    where TStatus : struct, Enum
    where TTrigger : struct, Enum
{
    /// <summary>"that is pending", "cannot take Close".</summary>
    public static readonly TransitionWording<TStatus, TTrigger> Plain = new(s => s.ToString().ToLowerInvariant(), t => $"take {t}");
}

/// <summary>
/// One explicit transition table and what each transition leaves behind: a history row and exactly one integration
/// event. <see cref="Fire"/> is pure (it moves the subject in memory); <see cref="StateMachineEngine"/> adds the history
/// row and the event to the caller's unit of work. Anything the table does not list is refused with
/// <c>invalid_transition</c>, never ignored.
/// </summary>
public sealed class StateMachine<TSubject, TStatus, TTrigger, TEffects> : IStateMachineDescription
    where TSubject : class, IStateMachineSubject<TStatus>
    where TStatus : struct, Enum
    where TTrigger : struct, Enum
    where TEffects : struct, Enum
{
    public const string InvalidTransition = "invalid_transition";

    private readonly TransitionWording<TStatus, TTrigger> _wording;

    public StateMachine(
        string name,
        IReadOnlyList<Transition<TStatus, TTrigger, TEffects>> transitions,
        Func<TSubject, StatusChange<TStatus, TTrigger, TEffects>, object> historyRow,
        StatusChangeEvent<TSubject, TStatus, TTrigger, TEffects> @event,
        TransitionWording<TStatus, TTrigger>? wording = null)
    {
        var duplicate = transitions.GroupBy(t => (t.From, t.Trigger)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"The {name} table lists {duplicate.Key.From} × {duplicate.Key.Trigger} twice.", nameof(transitions));
        }

        Name = name;
        Transitions = transitions;
        HistoryRow = historyRow;
        Event = @event;
        _wording = wording ?? TransitionWording<TStatus, TTrigger>.Plain;
    }

    /// <summary>The subject's name in refusals and documents ("order", "payment").</summary>
    public string Name { get; }

    public IReadOnlyList<Transition<TStatus, TTrigger, TEffects>> Transitions { get; }

    /// <summary>Makes the history row (an entity of the module's) that records a change.</summary>
    public Func<TSubject, StatusChange<TStatus, TTrigger, TEffects>, object> HistoryRow { get; }

    /// <summary>Makes the one integration event a change raises.</summary>
    public StatusChangeEvent<TSubject, TStatus, TTrigger, TEffects> Event { get; }

    /// <summary>The row for <paramref name="trigger"/> from <paramref name="from"/> when <paramref name="actor"/> may pull it, or the refusal.</summary>
    public Result<Transition<TStatus, TTrigger, TEffects>> Decide(TStatus from, TTrigger trigger, Actor actor)
    {
        var row = Find(from, trigger);
        if (row is not null && row.Actors.Contains(actor))
        {
            return row;
        }

        var by = row is null ? "" : $" by the {actor.ToString().ToLowerInvariant()}";
        return DomainError.Conflict(InvalidTransition, $"{Article(Name)} {Name} that is {_wording.Status(from)} cannot {_wording.Trigger(trigger)}{by}.");
    }

    /// <summary>Decides and, when allowed, moves <paramref name="subject"/> in memory; the caller records the change (see <see cref="StateMachineEngine"/>).</summary>
    public Result<StatusChange<TStatus, TTrigger, TEffects>> Fire(TSubject subject, TTrigger trigger, Requester by, string? reason, DateTime at)
    {
        var from = subject.Status;
        var decision = Decide(from, trigger, by.Actor);
        if (!decision.IsSuccess)
        {
            return decision.Error;
        }

        var row = decision.Value;
        subject.Enter(row.To, reason, at);
        return new StatusChange<TStatus, TTrigger, TEffects>(from, row.To, trigger, row.Effects, by, reason, at);
    }

    public Transition<TStatus, TTrigger, TEffects>? Find(TStatus from, TTrigger trigger) =>
        Transitions.FirstOrDefault(t => EqualityComparer<TStatus>.Default.Equals(t.From, from) && EqualityComparer<TTrigger>.Default.Equals(t.Trigger, trigger));

    /// <summary>The triggers <paramref name="actor"/> may pull from <paramref name="from"/>, in table order.</summary>
    public IReadOnlyList<TTrigger> AllowedFrom(TStatus from, Actor actor) =>
        Transitions.Where(t => EqualityComparer<TStatus>.Default.Equals(t.From, from) && t.Actors.Contains(actor)).Select(t => t.Trigger).ToList();

    public IEnumerable<DescribedTransition> Describe() =>
        Transitions.Select(t => new DescribedTransition(t.From.ToString(), t.Trigger.ToString(), t.To.ToString(), t.Actors,
            Convert.ToInt64(t.Effects, System.Globalization.CultureInfo.InvariantCulture) == 0 ? [] : EffectNames(t.Effects)));

    private static IReadOnlyList<string> EffectNames(TEffects effects) =>
        Enum.GetValues<TEffects>().Where(e => Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture) != 0 && effects.HasFlag(e))
            .Select(e => e.ToString()).ToList();

    private static string Article(string noun) => noun.Length > 0 && "aeiou".Contains(char.ToLowerInvariant(noun[0])) ? "An" : "A";
}
