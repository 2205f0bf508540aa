using System.Globalization;
using Circula.Catalog.Contracts;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Inventory.Contracts;
using Circula.Ordering.Contracts;
using Circula.Shared;
using Circula.Shared.Ids;
using Circula.Shared.Outbox;
using Circula.Shared.Results;
using Circula.Shared.Timers;
using Microsoft.Extensions.Options;

namespace Circula.Ordering;

/// <summary>The answer to a placing request: given now, or the first answer to its key given again.</summary>
public sealed record Placement(IdempotentAnswer Answer, bool Replayed);

/// <summary>
/// Places an order in one transaction: claim the idempotency key, hold the customer to the <see cref="HoardingLimits"/>,
/// snapshot prices, reserve every line (all or nothing) or the marketplace listing bought, write the order, its history,
/// the payment-timeout timer and the OrderPlaced event, and keep the answer with the key.
/// </summary>
public sealed class OrderPlacement(
    CirculaDbContext db, IdempotencyStore idempotency, ISkuCatalog catalog, HoardingLimits hoarding, IStockLedger stock, IListingGoods listings,
    SnowflakeIdGenerator ids, Outbox outbox, DurableTimers timers, PiiProtector pii, TimeProvider clock, IOptions<OrderingOptions> options)
{
    public const string PaymentTimeoutTimer = "order.payment-timeout";

    /// <summary>
    /// Places the order <paramref name="request"/> asks for, answered by <paramref name="answer"/> (the key keeps that answer
    /// for replays); a request whose key already answered gets that answer again. Refusals: the key used for another
    /// request, a SKU not on sale, a hoarding limit, a line short of stock, the key held by a concurrent request.
    /// </summary>
    public async Task<Result<Placement>> PlaceAsync(IdempotencyKey key, PlaceOrderRequest request, Func<Order, IdempotentAnswer> answer, CancellationToken ct)
    {
        if (await EarlierAnswerAsync(key, ct) is { } earlier)
        {
            return earlier;
        }

        var skus = await catalog.GetAsync(request.Lines.Select(l => l.SkuId).ToList(), ct);
        if (request.Lines.FirstOrDefault(l => !skus.TryGetValue(l.SkuId, out var s) || !s.IsSellable) is { } unavailable)
        {
            return DomainError.Invalid("sku_unavailable", $"SKU {unavailable.SkuId} does not exist or is not on sale.",
                new Dictionary<string, string[]> { [$"lines[{request.IndexOf(unavailable.SkuId)}].skuId"] = ["is not on sale."] });
        }

        return await PlaceClaimedAsync(key, answer, async (id, now) =>
        {
            if (await hoarding.CheckAsync(key.UserId, request.Lines, ct) is { } overLimit)
            {
                return overLimit;
            }

            var order = Order.Place(id, key.UserId, request.Lines.Select(l => OrderLine.Of(skus[l.SkuId], l.Quantity)).ToList(),
                request.Address, pii, request.Remark, now, now + options.Value.PaymentTimeout);
            var shortage = await stock.ReserveAsync(order.Lines.Select(l => new StockLine(l.SkuId!.Value, l.Quantity)).ToList(), order.Id, ct);
            return shortage is null ? order : InsufficientStock(shortage, request.IndexOf(shortage.SkuId));
        }, ct);
    }

    /// <summary>
    /// Places an order for the marketplace listing <paramref name="listingId"/> (one item, at its price, its seller named on the
    /// order), reserving the listing through <see cref="IListingGoods"/> in the placing transaction. Refusals besides the key's:
    /// the unpaid-order limit, and the listing's (not found, the buyer's own, not on the market).
    /// </summary>
    public async Task<Result<Placement>> PlaceForListingAsync(IdempotencyKey key, long listingId, BuyListingRequest request, Func<Order, IdempotentAnswer> answer,
        CancellationToken ct) =>
        await EarlierAnswerAsync(key, ct) ?? await PlaceClaimedAsync(key, answer, async (id, now) =>
        {
            if (await hoarding.CheckAsync(key.UserId, [], ct) is { } overLimit)
            {
                return overLimit;
            }

            var listing = await listings.ReserveAsync(listingId, UserId.From(key.UserId), OrderId.From(id), ct);
            return listing.Map(held => Order.Place(id, key.UserId, [OrderLine.Of(held)], request.Address, pii, request.Remark, now,
                now + options.Value.PaymentTimeout, held.SellerId.Value));
        }, ct);

    /// <summary>The stored answer of a key that already answered (or the refusal of a key used for another request); null when it is free.</summary>
    private async Task<Result<Placement>?> EarlierAnswerAsync(IdempotencyKey key, CancellationToken ct)
    {
        var earlier = await idempotency.FindAsync(key, ct);
        return !earlier.IsSuccess || earlier.Value is not null ? AsReplay(earlier) : (Result<Placement>?)null;
    }

    /// <summary>
    /// The shared frame of placing: in one transaction, the key is claimed, <paramref name="hold"/> makes the order (id and time given) holding its goods or refuses, and the order is written with its
    /// timer, its event and the key's answer. A refusal rolls everything back, the key's claim too.
    /// </summary>
    private async Task<Result<Placement>> PlaceClaimedAsync(IdempotencyKey key, Func<Order, IdempotentAnswer> answer,
        Func<long, DateTime, Task<Result<Order>>> hold, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claim = await idempotency.ClaimAsync(key, ct);
        if (claim is null)
        {
            // A concurrent twin committed first: answer what it answered.
            await transaction.RollbackAsync(ct);
            var twin = await idempotency.FindAsync(key, ct);
            return twin.IsSuccess && twin.Value is null
                ? DomainError.Conflict("idempotency_key_in_use", "A request with this Idempotency-Key is in progress; retry shortly.")
                : AsReplay(twin);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var held = await hold(ids.NextId(), now);
        if (!held.IsSuccess)
        {
            await transaction.RollbackAsync(ct);
            return held.Error;
        }

        var order = held.Value;
        db.Set<Order>().Add(order);
        timers.Schedule(PaymentTimeoutTimer, order.Id, order.PaymentDeadline);
        outbox.Add(new OrderPlaced(OrderId.From(order.Id), order.Number, UserId.From(order.CustomerId), order.TotalFen, order.PaymentDeadline,
            order.Lines.Select(l => new OrderPlacedLine(l.SkuId is { } sku ? SkuId.From(sku) : null, l.Quantity, l.UnitPriceFen, l.ListingId?.ToString(CultureInfo.InvariantCulture))).ToList(),
            order.SellerId is { } seller ? UserId.From(seller) : null));
        var placed = answer(order);
        claim.Record(placed);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new Placement(placed, Replayed: false);
    }

    /// <summary>The stored answer of a key found taken, or the refusal of its lookup.</summary>
    private static Result<Placement> AsReplay(Result<IdempotentAnswer?> found) => found.Map(answer => new Placement(answer!, Replayed: true));

    /// <summary>Names the short SKU and what is left of it, so a client can offer the smaller quantity.</summary>
    private static DomainError InsufficientStock(StockShortage shortage, int lineIndex)
    {
        var skuId = shortage.SkuId.ToString(CultureInfo.InvariantCulture);
        return new DomainError(ErrorKind.Conflict, StockErrorCodes.InsufficientStock, $"SKU {skuId} has {shortage.Available} available; {shortage.Requested} requested.",
            new Dictionary<string, string[]> { [$"lines[{lineIndex}].quantity"] = [$"only {shortage.Available} available."] },
            new Dictionary<string, object> { ["skuId"] = skuId, ["available"] = shortage.Available });
    }
}
