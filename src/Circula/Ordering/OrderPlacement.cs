using Circula.Catalog.Contracts;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Ordering.Contracts;
using Circula.Shared;
using Circula.Shared.Ids;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Ordering;

/// <summary>
/// Places an order in one transaction: claim the idempotency key, hold the customer to the <see cref="HoardingLimits"/>,
/// snapshot prices, reserve every line (all or nothing) or the marketplace listing bought, write the order, its history,
/// the payment-timeout timer and the OrderPlaced event, and keep the answer with the key. Shop orders are placed by a
/// <see cref="ShopOrderBatch"/>, combined with concurrent ones by the <see cref="PlacementCombiner"/>.
/// </summary>
public sealed class OrderPlacement(
    CirculaDbContext db, IdempotencyStore idempotency, ISkuCatalog catalog, HoardingLimits hoarding, IListingGoods listings, PlacedOrders placed,
    ShopOrderBatch shopOrders, PlacementCombiner combiner, SnowflakeIdGenerator ids, PiiProtector pii, TimeProvider clock, IOptions<OrderingOptions> options)
{
    public const string PaymentTimeoutTimer = "order.payment-timeout";

    /// <summary>
    /// Places the order <paramref name="request"/> asks for, answered by <paramref name="answer"/> (the key keeps that answer
    /// for replays); a request whose key already answered gets that answer again. Refusals: the key used for another
    /// request, a SKU not on sale, a hoarding limit, a line short of stock, the key held by a concurrent request.
    /// </summary>
    public async Task<Result<Placement>> PlaceAsync(IdempotencyKey key, PlaceOrderRequest request, Func<Order, IdempotentAnswer> answer, CancellationToken ct)
    {
        // The key is not looked up first: a new order (nearly every request) would pay a round trip for nothing. A key that
        // already answered is found when the batch cannot claim it, and answered from there (ShopOrderBatch).
        var skus = await catalog.GetAsync(request.Lines.Select(l => l.SkuId).ToList(), ct);
        if (request.Lines.FirstOrDefault(l => !skus.TryGetValue(l.SkuId, out var s) || !s.IsSellable) is { } unavailable)
        {
            // A retry still gets its first answer when the SKU has gone off sale since.
            return await EarlierAnswerAsync(key, ct) ?? DomainError.Invalid("sku_unavailable", $"SKU {unavailable.SkuId} does not exist or is not on sale.",
                new Dictionary<string, string[]> { [$"lines[{request.IndexOf(unavailable.SkuId)}].skuId"] = ["is not on sale."] });
        }

        // The lookups above may have left the request's connection open; it goes back to the pool before the request waits
        // for its batch, or waiting requests could hold every connection the batches placing them need.
        await db.Database.CloseConnectionAsync();
        return await combiner.PlaceAsync(new ShopPlacement(key, request, skus, answer), shopOrders, ct);
    }

    /// <summary>
    /// Places an order for the marketplace listing <paramref name="listingId"/> (one item, at its price, its seller named on the
    /// order), reserving the listing through <see cref="IListingGoods"/> in the placing transaction. Refusals besides the key's:
    /// the unpaid-order limit, and the listing's (not found, the buyer's own, not on the market). A refusal rolls everything
    /// back, the key's claim too.
    /// </summary>
    public async Task<Result<Placement>> PlaceForListingAsync(IdempotencyKey key, long listingId, BuyListingRequest request, Func<Order, IdempotentAnswer> answer,
        CancellationToken ct)
    {
        if (await EarlierAnswerAsync(key, ct) is { } earlier)
        {
            return earlier;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claim = await idempotency.ClaimAsync(key, ct);
        if (claim is null)
        {
            await transaction.RollbackAsync(ct);
            return await placed.TwinAnswerAsync(key, ct);
        }

        var held = await HoldListingAsync(key, listingId, request, ct);
        if (!held.IsSuccess)
        {
            await transaction.RollbackAsync(ct);
            return held.Error;
        }

        var placement = new Placement(placed.Stage(held.Value, claim, answer), Replayed: false);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return placement;
    }

    /// <summary>The listing's order holding it, or the refusal of the unpaid-order limit or of the listing.</summary>
    private async Task<Result<Order>> HoldListingAsync(IdempotencyKey key, long listingId, BuyListingRequest request, CancellationToken ct)
    {
        if (await hoarding.CheckAsync(key.UserId, [], ct) is { } overLimit)
        {
            return overLimit;
        }

        var id = ids.NextId();
        var now = clock.GetUtcNow().UtcDateTime;
        var listing = await listings.ReserveAsync(listingId, UserId.From(key.UserId), OrderId.From(id), ct);
        return listing.Map(held => Order.Place(id, key.UserId, [OrderLine.Of(held)], request.Address, pii, request.Remark, now,
            now + options.Value.PaymentTimeout, held.SellerId.Value));
    }

    /// <summary>The stored answer of a key that already answered (or the refusal of a key used for another request); null when it is free.</summary>
    private async Task<Result<Placement>?> EarlierAnswerAsync(IdempotencyKey key, CancellationToken ct)
    {
        var earlier = await idempotency.FindAsync(key, ct);
        return !earlier.IsSuccess || earlier.Value is not null ? PlacedOrders.AsReplay(earlier) : (Result<Placement>?)null;
    }
}
