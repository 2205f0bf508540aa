namespace Circula.Shared.StateMachines;

/// <summary>Who pulls a trigger; a transition table lists the actors allowed for each row, and history rows record it.</summary>
public enum Actor
{
    Customer,
    Operator,
    Collector,

    /// <summary>A user selling their own second-hand listing on the marketplace.</summary>
    Seller,
    System,
}

/// <summary>The actor of a transition and, for people, their user id.</summary>
public sealed record Requester(Actor Actor, long? UserId)
{
    public static readonly Requester System = new(Actor.System, null);
}
