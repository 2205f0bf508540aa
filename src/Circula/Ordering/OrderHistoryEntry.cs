using Circula.Ordering.Contracts;
using Circula.Shared.StateMachines;

namespace Circula.Ordering;

/// <summary>One status change of an order: from, to, who and why. Written once, never changed.</summary>
public sealed class OrderHistoryEntry
{
    private OrderHistoryEntry()
    {
    }

    public long Id { get; private init; }

    public long OrderId { get; private init; }

    public OrderStatus? FromStatus { get; private init; }

    public OrderStatus ToStatus { get; private init; }

    public OrderActor Actor { get; private init; }

    public long? ActorUserId { get; private init; }

    public string? Reason { get; private init; }

    public DateTime CreatedAt { get; private init; }

    /// <summary>The first row of every order: its customer placed it.</summary>
    public static OrderHistoryEntry Placed(long customerId, DateTime at) => new()
    {
        ToStatus = OrderStatus.PendingPayment, Actor = OrderActor.Customer, ActorUserId = customerId, Reason = "placed", CreatedAt = at,
    };

    /// <summary>The row a transition of the order's machine writes; <paramref name="actor"/> is the change's requester as orders show it.</summary>
    public static OrderHistoryEntry Of(long orderId, StatusChange<OrderStatus, OrderTrigger, OrderEffects> change, OrderActor actor) => new()
    {
        OrderId = orderId, FromStatus = change.From, ToStatus = change.To, Actor = actor, ActorUserId = change.By.UserId, Reason = change.Reason,
        CreatedAt = change.At,
    };
}
