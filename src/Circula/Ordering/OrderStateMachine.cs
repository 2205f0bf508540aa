using Circula.Identity.Contracts;
using Circula.Ordering.Contracts;
using Circula.Shared.StateMachines;

namespace Circula.Ordering;

/// <summary>What happens to an order; each trigger is allowed from exactly the states the table lists.</summary>
public enum OrderTrigger
{
    MarkPaid,
    Cancel,
    Ship,
    Complete,
    RequestRefund,
    ApproveRefund,
    RejectRefund,
}

/// <summary>Who pulled the trigger, as order views show it (the engine's <see cref="Actor"/>, without the roles orders never meet).</summary>
public enum OrderActor
{
    Customer,
    Operator,

    /// <summary>The seller of the marketplace listing the order buys (who ships it).</summary>
    Seller,
    System,
}

/// <summary>Effects a transition has besides the status change, carried out by <see cref="OrderTransitions"/> in the same transaction.</summary>
[Flags]
public enum OrderEffects
{
    None = 0,

    /// <summary>Give reserved stock back to available (a marketplace order's listing: back on the market).</summary>
    ReleaseReservation = 1,

    /// <summary>Reserved stock leaves the warehouse: reserved and on-hand both go down (a marketplace order's listing is sold).</summary>
    CommitReservation = 2,

    /// <summary>The payment deadline no longer matters.</summary>
    StopPaymentTimer = 4,

    /// <summary>Start the countdown to automatic completion.</summary>
    StartAutoCompleteTimer = 8,
}

/// <summary>
/// The one transition table of an order. Anything not in it is rejected with 409 invalid_transition.
/// Stock: placing reserves it; cancelling or refunding before shipping releases it; shipping commits it (a marketplace order's
/// listing likewise: reserved, released, sold; its seller ships it, or an operator). A rejected refund
/// request takes the order back to Paid, reservation untouched, so it can be shipped (or a refund asked for again).
/// Each transition writes an <see cref="OrderHistoryEntry"/> and raises one <see cref="OrderStatusChanged"/>.
/// </summary>
public static class OrderStateMachine
{
    private static readonly Actor[] Anyone = [Actor.Customer, Actor.Operator, Actor.System];

    public static readonly StateMachine<Order, OrderStatus, OrderTrigger, OrderEffects> Machine = new("order",
        [
            new(OrderStatus.PendingPayment, OrderTrigger.MarkPaid, OrderStatus.Paid, [Actor.System], OrderEffects.StopPaymentTimer),
            new(OrderStatus.PendingPayment, OrderTrigger.Cancel, OrderStatus.Cancelled, Anyone, OrderEffects.ReleaseReservation | OrderEffects.StopPaymentTimer),
            new(OrderStatus.Paid, OrderTrigger.Ship, OrderStatus.Shipped, [Actor.Operator, Actor.Seller], OrderEffects.CommitReservation | OrderEffects.StartAutoCompleteTimer),
            new(OrderStatus.Paid, OrderTrigger.RequestRefund, OrderStatus.RefundRequested, [Actor.Customer, Actor.Operator], OrderEffects.None),
            new(OrderStatus.RefundRequested, OrderTrigger.ApproveRefund, OrderStatus.Refunded, [Actor.Operator, Actor.System], OrderEffects.ReleaseReservation),
            new(OrderStatus.RefundRequested, OrderTrigger.RejectRefund, OrderStatus.Paid, [Actor.Operator], OrderEffects.None),
            new(OrderStatus.Shipped, OrderTrigger.Complete, OrderStatus.Completed, Anyone, OrderEffects.None),
        ],
        (order, change) => OrderHistoryEntry.Of(order.Id, change, ViewOf(change.By.Actor)),
        (order, change) => new OrderStatusChanged(OrderId.From(order.Id), order.Number, UserId.From(order.CustomerId), change.From, change.To, change.By.Actor,
            change.Reason, order.SellerId is { } seller ? UserId.From(seller) : null),
        new(Describe, Describe));

    /// <summary>The triggers <paramref name="actor"/> may pull on an order that is <paramref name="status"/>.</summary>
    public static IReadOnlyList<OrderTrigger> AllowedFor(OrderStatus status, OrderActor actor) => Machine.AllowedFrom(status, ActorOf(actor));

    public static Actor ActorOf(OrderActor actor) => actor switch
    {
        OrderActor.Customer => Actor.Customer,
        OrderActor.Operator => Actor.Operator,
        OrderActor.Seller => Actor.Seller,
        _ => Actor.System,
    };

    public static OrderActor ViewOf(Actor actor) => actor switch
    {
        Actor.Customer => OrderActor.Customer,
        Actor.Operator => OrderActor.Operator,
        Actor.Seller => OrderActor.Seller,
        Actor.System => OrderActor.System,
        _ => throw new ArgumentOutOfRangeException(nameof(actor), actor, "Orders are moved by customers, operators, sellers and the system only."),
    };

    private static string Describe(OrderStatus status) => status switch
    {
        OrderStatus.PendingPayment => "waiting for payment",
        OrderStatus.RefundRequested => "waiting for a refund decision",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string Describe(OrderTrigger trigger) => trigger switch
    {
        OrderTrigger.MarkPaid => "be marked paid",
        OrderTrigger.Cancel => "be cancelled",
        OrderTrigger.Ship => "be shipped",
        OrderTrigger.Complete => "be completed",
        OrderTrigger.RequestRefund => "be refunded on request",
        OrderTrigger.ApproveRefund => "be refunded",
        OrderTrigger.RejectRefund => "have its refund request rejected",
        _ => trigger.ToString(),
    };
}
