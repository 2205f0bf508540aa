using System.Globalization;
using Circula.Catalog.Contracts;
using Circula.Data;
using Circula.Inventory.Contracts;
using Circula.Shared;
using Circula.Shared.Ids;
using Circula.Shared.Results;
using Microsoft.Extensions.Options;

namespace Circula.Ordering;

/// <summary>A shop order ready to place: its key, what it asks, the SKUs it names as the catalog sells them, and how its answer is written.</summary>
public sealed record ShopPlacement(IdempotencyKey Key, PlaceOrderRequest Request, IReadOnlyDictionary<long, SkuForSale> Skus, Func<Order, IdempotentAnswer> Answer);

/// <summary>
/// Places shop orders of different customers in ONE transaction, each all or nothing: the keys are claimed with one
/// INSERT, the customers held to the <see cref="HoardingLimits"/> with one lock statement and two counts, the stock
/// reserved with one lock and one conditional UPDATE per SKU (<see cref="IStockLedger.ReserveEachAsync"/>), and the
/// orders, timers, events and answers written by one SaveChanges. A buyer refused (a key another request holds, a limit,
/// a short line) is decided before anything of theirs is written, so the others still succeed. A batch of one is the
/// plain placement.
/// </summary>
public sealed class ShopOrderBatch(
    CirculaDbContext db, IdempotencyStore idempotency, HoardingLimits hoarding, IStockLedger stock, PlacedOrders placed, SnowflakeIdGenerator ids,
    PiiProtector pii, TimeProvider clock, IOptions<OrderingOptions> options)
{
    /// <summary>Places the <paramref name="batch"/> (one placement per customer); the answers in the batch's order.</summary>
    public async Task<IReadOnlyList<Result<Placement>>> PlaceAsync(IReadOnlyList<ShopPlacement> batch, CancellationToken ct)
    {
        var results = new Result<Placement>?[batch.Count];
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var claims = await idempotency.ClaimEachAsync(batch.Select(p => p.Key).ToList(), ct);
            var claimed = Enumerable.Range(0, batch.Count).Where(i => claims[i] is not null).ToList();
            var limits = claimed.Count == 0
                ? []
                : await hoarding.CheckEachAsync(claimed.Select(i => new CustomerPlacement(batch[i].Key.UserId, batch[i].Request.Lines)).ToList(), ct);

            var now = clock.GetUtcNow().UtcDateTime;
            var orders = new Dictionary<int, Order>();
            for (var c = 0; c < claimed.Count; c++)
            {
                var (i, request) = (claimed[c], batch[claimed[c]].Request);
                if (limits[c] is { } overLimit)
                {
                    results[i] = overLimit;
                    continue;
                }

                orders[i] = Order.Place(ids.NextId(), batch[i].Key.UserId, request.Lines.Select(l => OrderLine.Of(batch[i].Skus[l.SkuId], l.Quantity)).ToList(),
                    request.Address, pii, request.Remark, now, now + options.Value.PaymentTimeout);
            }

            var shortages = await stock.ReserveEachAsync(orders.Values
                .Select(o => new StockReservation(o.Id, o.Lines.Select(l => new StockLine(l.SkuId!.Value, l.Quantity)).ToList())).ToList(), ct);
            foreach (var ((i, order), shortage) in orders.Zip(shortages))
            {
                results[i] = shortage is null
                    ? new Placement(placed.Stage(order, claims[i]!, batch[i].Answer), Replayed: false)
                    : InsufficientStock(shortage, batch[i].Request.IndexOf(shortage.SkuId));
            }

            foreach (var i in claimed.Where(i => results[i] is { IsSuccess: false }))
            {
                idempotency.Release(claims[i]!);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            results[i] ??= await placed.TwinAnswerAsync(batch[i].Key, ct);
        }

        return results.Select(r => r!.Value).ToList();
    }

    /// <summary>Names the short SKU and what is left of it, so a client can offer the smaller quantity.</summary>
    private static DomainError InsufficientStock(StockShortage shortage, int lineIndex)
    {
        var skuId = shortage.SkuId.ToString(CultureInfo.InvariantCulture);
        return new DomainError(ErrorKind.Conflict, StockErrorCodes.InsufficientStock, $"SKU {skuId} has {shortage.Available} available; {shortage.Requested} requested.",
            new Dictionary<string, string[]> { [$"lines[{lineIndex}].quantity"] = [$"only {shortage.Available} available."] },
            new Dictionary<string, object> { ["skuId"] = skuId, ["available"] = shortage.Available });
    }
}
