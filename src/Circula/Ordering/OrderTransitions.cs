using Circula.Data;
using Circula.Inventory.Contracts;
using Circula.Ordering.Contracts;
using Circula.Shared;
using Circula.Shared.Outbox;
using Circula.Shared.Timers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Ordering;

/// <summary>Who asks for a transition; customers may only touch their own orders.</summary>
public sealed record OrderRequester(OrderActor Actor, long? UserId)
{
    public static readonly OrderRequester System = new(OrderActor.System, null);
}

/// <summary>
/// Applies the transition table to one order: checks the table and the actor, changes the status with an optimistic
/// version check (so of two concurrent transitions exactly one wins), writes the history row and one
/// OrderStatusChanged event, and applies the stock and timer effects, all in one transaction.
/// </summary>
public sealed class OrderTransitions(
    CirculaDbContext db, IStockLedger stock, DurableTimers timers, Outbox outbox, TimeProvider clock, IOptions<OrderingOptions> options)
{
    public const string AutoCompleteTimer = "order.auto-complete";

    /// <summary>Applies <paramref name="trigger"/>; <paramref name="change"/> sets trigger-specific fields (carrier, reasons).</summary>
    public async Task<Result> ApplyAsync(long orderId, OrderTrigger trigger, OrderRequester requester, string? reason,
        CancellationToken ct, Action<Order>? change = null)
    {
        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using (ownTransaction)
        {
            var order = await db.Set<Order>().Include(o => o.Lines)
                .FirstOrDefaultAsync(o => o.Id == orderId && (requester.Actor != OrderActor.Customer || o.CustomerId == requester.UserId), ct);
            if (order is null)
            {
                return new Result(null, ApiProblems.NotFound("Order"));
            }

            var transition = OrderStateMachine.Find(order.Status, trigger);
            if (transition is null || !transition.Actors.Contains(requester.Actor))
            {
                return new Result(order, ApiProblems.Conflict("invalid_transition",
                    $"An order that is {Describe(order.Status)} cannot be {Describe(trigger)}{(transition is null ? "" : $" by the {requester.Actor.ToString().ToLowerInvariant()}")}."));
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var from = order.Status;
            order.Status = transition.To;
            order.UpdatedAt = now;
            order.Version++;
            Stamp(order, transition.To, reason, now);
            change?.Invoke(order);
            db.Set<OrderHistoryEntry>().Add(new OrderHistoryEntry
            {
                OrderId = order.Id, FromStatus = from, ToStatus = transition.To, Actor = requester.Actor, ActorUserId = requester.UserId, Reason = reason, CreatedAt = now,
            });
            outbox.Add(new OrderStatusChanged(OrderView.IdText(order.Id), order.Number, order.CustomerId, from.ToString(), transition.To.ToString(),
                requester.Actor.ToString(), reason));
            // The order row is written first: a concurrent transition waits on it and then fails the version check
            // before it can touch stock.
            await db.SaveChangesAsync(ct);
            await ApplyEffectsAsync(order, transition.Effects, reason ?? trigger.ToString(), now, ct);
            await db.SaveChangesAsync(ct);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(ct);
            }

            return new Result(order, null);
        }
    }

    /// <summary>The order as committed, with lines and history, for the answer.</summary>
    public Task<Order?> ReloadAsync(long orderId, CancellationToken ct) => OrderQueries.FindAsync(db, orderId, null, ct);

    private async Task ApplyEffectsAsync(Order order, TransitionEffects effects, string reason, DateTime now, CancellationToken ct)
    {
        var lines = order.Lines.Select(l => new StockLine(l.SkuId, l.Quantity)).ToList();
        if (effects.HasFlag(TransitionEffects.ReleaseReservation))
        {
            await stock.ReleaseAsync(lines, order.Id, reason, ct);
        }

        if (effects.HasFlag(TransitionEffects.CommitReservation))
        {
            await stock.CommitAsync(lines, order.Id, ct);
        }

        if (effects.HasFlag(TransitionEffects.StopPaymentTimer))
        {
            await timers.CancelAsync(PlaceOrder.PaymentTimeoutTimer, order.Id, $"order {order.Status}", ct);
        }

        if (effects.HasFlag(TransitionEffects.StartAutoCompleteTimer))
        {
            timers.Schedule(AutoCompleteTimer, order.Id, now + options.Value.AutoCompleteAfter);
        }
    }

    private static void Stamp(Order order, OrderStatus to, string? reason, DateTime now)
    {
        switch (to)
        {
            case OrderStatus.Paid: order.PaidAt = now; break;
            case OrderStatus.Shipped: order.ShippedAt = now; break;
            case OrderStatus.Completed: order.CompletedAt = now; break;
            case OrderStatus.Cancelled: order.CancelledAt = now; order.CancelReason = reason; break;
            case OrderStatus.RefundRequested: order.RefundRequestedAt = now; order.RefundReason = reason; break;
            case OrderStatus.Refunded: order.RefundedAt = now; break;
        }
    }

    private static string Describe(OrderStatus status) => status switch
    {
        OrderStatus.PendingPayment => "waiting for payment",
        OrderStatus.RefundRequested => "waiting for a refund decision",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string Describe(OrderTrigger trigger) => trigger switch
    {
        OrderTrigger.MarkPaid => "marked paid",
        OrderTrigger.Cancel => "cancelled",
        OrderTrigger.Ship => "shipped",
        OrderTrigger.Complete => "completed",
        OrderTrigger.RequestRefund => "refunded on request",
        OrderTrigger.ApproveRefund => "refunded",
        _ => trigger.ToString(),
    };

    /// <summary>The order after the transition, or the problem that stopped it (the order is set when it exists).</summary>
    public sealed record Result(Order? Order, ProblemHttpResult? Problem);
}

/// <summary>Cancels an order still unpaid at its deadline, releasing its stock; a paid order is left alone.</summary>
public sealed class PaymentTimeoutHandler(OrderTransitions transitions) : IDurableTimerHandler
{
    public string Kind => PlaceOrder.PaymentTimeoutTimer;

    public async Task<string> FireAsync(long subjectId, CancellationToken ct)
    {
        var result = await transitions.ApplyAsync(subjectId, OrderTrigger.Cancel, OrderRequester.System, "payment timeout", ct);
        return result.Problem is null ? "cancelled" : $"skipped: order is {result.Order?.Status.ToString() ?? "missing"}";
    }
}

/// <summary>Completes a shipped order the customer never confirmed.</summary>
public sealed class AutoCompleteHandler(OrderTransitions transitions) : IDurableTimerHandler
{
    public string Kind => OrderTransitions.AutoCompleteTimer;

    public async Task<string> FireAsync(long subjectId, CancellationToken ct)
    {
        var result = await transitions.ApplyAsync(subjectId, OrderTrigger.Complete, OrderRequester.System, "completed automatically", ct);
        return result.Problem is null ? "completed" : $"skipped: order is {result.Order?.Status.ToString() ?? "missing"}";
    }
}
