using Circula.Data;
using Circula.Inventory.Contracts;
using Circula.Ordering.Contracts;
using Circula.Shared.Results;
using Circula.Shared.StateMachines;
using Circula.Shared.Timers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Ordering;

/// <summary>
/// Applies the order's transition table through the <see cref="StateMachineEngine"/> (history row and one
/// <see cref="OrderStatusChanged"/>), saves with the version check (so of two concurrent transitions exactly one wins),
/// then carries out the row's stock and timer effects, all in one transaction.
/// </summary>
public sealed class OrderTransitions(
    CirculaDbContext db, StateMachineEngine engine, IStockLedger stock, IListingGoods listings, DurableTimers timers, IOptions<OrderingOptions> options)
{
    public const string AutoCompleteTimer = "order.auto-complete";

    /// <summary>
    /// Applies <paramref name="trigger"/> to the order (a customer only reaches their own orders, a seller their own sales); <paramref name="record"/>
    /// records what the transition carries besides its reason (the shipment of Ship). Answers the order after it, or
    /// the refusal: not found, or <c>invalid_transition</c> with the order's current status.
    /// </summary>
    public async Task<Result<Order>> ApplyAsync(long orderId, OrderTrigger trigger, Requester requester, string? reason, CancellationToken ct,
        Action<Order>? record = null)
    {
        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using (ownTransaction)
        {
            var order = await db.Set<Order>().Include(o => o.Lines)
                .FirstOrDefaultAsync(o => o.Id == orderId && (requester.Actor != Actor.Customer || o.CustomerId == requester.UserId)
                    && (requester.Actor != Actor.Seller || o.SellerId == requester.UserId), ct);
            if (order is null)
            {
                return DomainError.NotFound("Order");
            }

            var change = engine.Apply(OrderStateMachine.Machine, order, trigger, requester, reason);
            if (!change.IsSuccess)
            {
                return change.Error;
            }

            record?.Invoke(order);
            // The order row is written first: a concurrent transition waits on it and then fails the version check
            // before it can touch stock.
            await db.SaveChangesAsync(ct);
            await ApplyEffectsAsync(order, change.Value.Effects, reason ?? trigger.ToString(), change.Value.At, ct);
            await db.SaveChangesAsync(ct);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(ct);
            }

            return order;
        }
    }

    /// <summary>The order as committed, with lines and history, for the answer.</summary>
    public Task<Order?> ReloadAsync(long orderId, CancellationToken ct) => OrderQueries.FindAsync(db, orderId, null, ct);

    private async Task ApplyEffectsAsync(Order order, OrderEffects effects, string reason, DateTime now, CancellationToken ct)
    {
        var lines = order.Lines.Where(l => l.SkuId is not null).Select(l => new StockLine(l.SkuId!.Value, l.Quantity)).ToList();
        var listing = order.Lines.Select(l => l.ListingId).FirstOrDefault(id => id is not null);
        if (effects.HasFlag(OrderEffects.ReleaseReservation))
        {
            await (listing is { } id ? listings.ReleaseAsync(id, OrderId.From(order.Id), reason, ct) : stock.ReleaseAsync(lines, order.Id, reason, ct));
        }

        if (effects.HasFlag(OrderEffects.CommitReservation))
        {
            await (listing is { } id ? listings.SellAsync(id, OrderId.From(order.Id), ct) : stock.CommitAsync(lines, order.Id, ct));
        }

        if (effects.HasFlag(OrderEffects.StopPaymentTimer))
        {
            await timers.CancelAsync(OrderPlacement.PaymentTimeoutTimer, order.Id, $"order {order.Status}", ct);
        }

        if (effects.HasFlag(OrderEffects.StartAutoCompleteTimer))
        {
            timers.Schedule(AutoCompleteTimer, order.Id, now + options.Value.AutoCompleteAfter);
        }
    }
}

/// <summary>Cancels an order still unpaid at its deadline, releasing its stock; a paid order is left alone.</summary>
public sealed class PaymentTimeoutHandler(OrderTransitions transitions) : IDurableTimerHandler
{
    public string Kind => OrderPlacement.PaymentTimeoutTimer;

    public async Task<string> FireAsync(long subjectId, CancellationToken ct) =>
        Outcome(await transitions.ApplyAsync(subjectId, OrderTrigger.Cancel, Requester.System, "payment timeout", ct), "cancelled");

    /// <summary>What a timer's transition did, as its durable_timers outcome.</summary>
    internal static string Outcome(Result<Order> result, string done) => result.IsSuccess ? done : $"skipped: {result.Error.Detail}";
}

/// <summary>Completes a shipped order the customer never confirmed.</summary>
public sealed class AutoCompleteHandler(OrderTransitions transitions) : IDurableTimerHandler
{
    public string Kind => OrderTransitions.AutoCompleteTimer;

    public async Task<string> FireAsync(long subjectId, CancellationToken ct) =>
        PaymentTimeoutHandler.Outcome(await transitions.ApplyAsync(subjectId, OrderTrigger.Complete, Requester.System, "completed automatically", ct), "completed");
}
