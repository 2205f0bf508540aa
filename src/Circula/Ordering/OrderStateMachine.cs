namespace Circula.Ordering;

public enum OrderStatus
{
    PendingPayment,
    Paid,
    Shipped,
    Completed,
    Cancelled,
    RefundRequested,
    Refunded,
}

/// <summary>What happens to an order; each trigger is allowed from exactly the states the table lists.</summary>
public enum OrderTrigger
{
    MarkPaid,
    Cancel,
    Ship,
    Complete,
    RequestRefund,
    ApproveRefund,
}

/// <summary>Who pulled the trigger, recorded in the order history.</summary>
public enum OrderActor
{
    Customer,
    Operator,
    System,
}

/// <summary>Effects a transition has besides the status change.</summary>
[Flags]
public enum TransitionEffects
{
    None = 0,

    /// <summary>Give reserved stock back to available.</summary>
    ReleaseReservation = 1,

    /// <summary>Reserved stock leaves the warehouse: reserved and on-hand both go down.</summary>
    CommitReservation = 2,

    /// <summary>The payment deadline no longer matters.</summary>
    StopPaymentTimer = 4,

    /// <summary>Start the countdown to automatic completion.</summary>
    StartAutoCompleteTimer = 8,
}

public sealed record OrderTransition(OrderStatus From, OrderTrigger Trigger, OrderStatus To, OrderActor[] Actors, TransitionEffects Effects);

/// <summary>
/// The one transition table of an order. Anything not in it is rejected with 409 invalid_transition.
/// Stock: placing reserves it; cancelling or refunding before shipping releases it; shipping commits it.
/// </summary>
public static class OrderStateMachine
{
    private static readonly OrderActor[] Anyone = [OrderActor.Customer, OrderActor.Operator, OrderActor.System];

    public static readonly IReadOnlyList<OrderTransition> Transitions =
    [
        new(OrderStatus.PendingPayment, OrderTrigger.MarkPaid, OrderStatus.Paid, [OrderActor.System], TransitionEffects.StopPaymentTimer),
        new(OrderStatus.PendingPayment, OrderTrigger.Cancel, OrderStatus.Cancelled, Anyone,
            TransitionEffects.ReleaseReservation | TransitionEffects.StopPaymentTimer),
        new(OrderStatus.Paid, OrderTrigger.Ship, OrderStatus.Shipped, [OrderActor.Operator],
            TransitionEffects.CommitReservation | TransitionEffects.StartAutoCompleteTimer),
        new(OrderStatus.Paid, OrderTrigger.RequestRefund, OrderStatus.RefundRequested, [OrderActor.Customer, OrderActor.Operator], TransitionEffects.None),
        new(OrderStatus.RefundRequested, OrderTrigger.ApproveRefund, OrderStatus.Refunded, [OrderActor.Operator, OrderActor.System],
            TransitionEffects.ReleaseReservation),
        new(OrderStatus.Shipped, OrderTrigger.Complete, OrderStatus.Completed, Anyone, TransitionEffects.None),
    ];

    /// <summary>The transition for this trigger from this status, or null when the table does not allow it.</summary>
    public static OrderTransition? Find(OrderStatus from, OrderTrigger trigger) =>
        Transitions.FirstOrDefault(t => t.From == from && t.Trigger == trigger);

    public static IEnumerable<OrderTrigger> AllowedFrom(OrderStatus from) => Transitions.Where(t => t.From == from).Select(t => t.Trigger);
}
