using System.Globalization;
using Circula.Catalog.Contracts;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Ordering.Contracts;
using Circula.Shared.Outbox;
using Circula.Shared.Results;
using Circula.Shared.Timers;

namespace Circula.Ordering;

/// <summary>The answer to a placing request: given now, or the first answer to its key given again.</summary>
public sealed record Placement(IdempotentAnswer Answer, bool Replayed);

/// <summary>
/// What every placement does around the goods it holds: it stages the order with its payment-timeout timer, its OrderPlaced
/// event and its key's answer for the caller's SaveChanges, and answers a request whose key another request claimed first.
/// </summary>
public sealed class PlacedOrders(CirculaDbContext db, IdempotencyStore idempotency, Outbox outbox, DurableTimers timers)
{
    /// <summary>Stages <paramref name="order"/> and records its <paramref name="answer"/> on the key's <paramref name="claim"/>; returns that answer.</summary>
    public IdempotentAnswer Stage(Order order, IdempotencyRecord claim, Func<Order, IdempotentAnswer> answer)
    {
        db.Set<Order>().Add(order);
        timers.Schedule(OrderPlacement.PaymentTimeoutTimer, order.Id, order.PaymentDeadline);
        outbox.Add(new OrderPlaced(OrderId.From(order.Id), order.Number, UserId.From(order.CustomerId), order.TotalFen, order.PaymentDeadline,
            order.Lines.Select(l => new OrderPlacedLine(l.SkuId is { } sku ? SkuId.From(sku) : null, l.Quantity, l.UnitPriceFen, l.ListingId?.ToString(CultureInfo.InvariantCulture))).ToList(),
            order.SellerId is { } seller ? UserId.From(seller) : null));
        var placed = answer(order);
        claim.Record(placed);
        return placed;
    }

    /// <summary>The answer to a request whose key a concurrent twin claimed first (call once the claiming transaction has ended): what the twin answered, or "in progress".</summary>
    public async Task<Result<Placement>> TwinAnswerAsync(IdempotencyKey key, CancellationToken ct)
    {
        var twin = await idempotency.FindAsync(key, ct);
        return twin.IsSuccess && twin.Value is null
            ? DomainError.Conflict("idempotency_key_in_use", "A request with this Idempotency-Key is in progress; retry shortly.")
            : AsReplay(twin);
    }

    /// <summary>The stored answer of a key found taken, or the refusal of its lookup.</summary>
    public static Result<Placement> AsReplay(Result<IdempotentAnswer?> found) => found.Map(answer => new Placement(answer!, Replayed: true));
}
