using System.Globalization;
using Circula.Data;
using Circula.Ordering.Contracts;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Ordering;

/// <summary>A customer's placement as the hoarding limits see it: who orders which lines (none for a marketplace listing).</summary>
public sealed record CustomerPlacement(long CustomerId, IReadOnlyList<OrderLineRequest> Lines);

/// <summary>
/// Keeps one customer from holding stock they do not pay for: at most <see cref="OrderingOptions.MaxUnpaidOrdersPerCustomer"/>
/// unpaid orders, and at most <see cref="OrderingOptions.MaxUnitsHeldPerSku"/> units of one SKU across them. Checked inside
/// the placing transaction after taking the customer's row in <c>order_placement_locks</c>, so one customer's racing
/// placements are counted one after another, on one replica or many, while other customers never wait for it.
/// </summary>
public sealed class HoardingLimits(CirculaDbContext db, TimeProvider clock, IOptions<OrderingOptions> options)
{
    public const string UnpaidOrderLimitReached = "unpaid_order_limit_reached";
    public const string SkuHoldLimitReached = "sku_hold_limit_reached";

    /// <summary>
    /// The refusal of a placement of <paramref name="lines"/> (none for a marketplace listing, which only counts as an unpaid order)
    /// that would take the customer over a limit, or null; call in the placing transaction.
    /// </summary>
    public async Task<DomainError?> CheckAsync(long customerId, IReadOnlyList<OrderLineRequest> lines, CancellationToken ct) =>
        (await CheckEachAsync([new CustomerPlacement(customerId, lines)], ct))[0];

    /// <summary>
    /// <see cref="CheckAsync"/> for placements of different customers at once (one customer's placements are counted one after
    /// another, so at most one of theirs per call): per placement, its refusal or null.
    /// </summary>
    public async Task<IReadOnlyList<DomainError?>> CheckEachAsync(IReadOnlyList<CustomerPlacement> placements, CancellationToken ct)
    {
        var customers = placements.Select(p => p.CustomerId).Order().ToList();
        if (customers.Distinct().Count() != customers.Count)
        {
            throw new ArgumentException("At most one placement per customer is checked at once.", nameof(placements));
        }

        // Held until the placing transaction ends: the customer's next placement counts this one's order. Taken in customer
        // order, so two batches of placements wait for each other instead of deadlocking.
        await db.ExecuteAsync(
            "INSERT INTO order_placement_locks (customer_id, locked_at) VALUES " + string.Join(", ", customers.Select((_, i) => $"(@customer{i}, @now)")) +
            " ON CONFLICT (customer_id) DO UPDATE SET locked_at = excluded.locked_at",
            ct, [("now", clock.GetUtcNow().UtcDateTime), .. customers.Select((c, i) => ($"customer{i}", (object?)c))]);

        var unpaid = db.Set<Order>().Where(o => customers.Contains(o.CustomerId) && o.Status == OrderStatus.PendingPayment);
        var orders = await unpaid.GroupBy(o => o.CustomerId).Select(g => new { CustomerId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(c => c.CustomerId, c => c.Count, ct);
        var skuIds = placements.SelectMany(p => p.Lines).Select(l => (long?)l.SkuId).Distinct().ToList();
        var held = skuIds.Count == 0
            ? []
            : await unpaid.SelectMany(o => o.Lines, (o, l) => new { o.CustomerId, l.SkuId, l.Quantity }).Where(l => skuIds.Contains(l.SkuId))
                .GroupBy(l => new { l.CustomerId, SkuId = l.SkuId!.Value }).Select(g => new { g.Key.CustomerId, g.Key.SkuId, Units = g.Sum(l => l.Quantity) })
                .ToDictionaryAsync(h => (h.CustomerId, h.SkuId), h => h.Units, ct);
        return placements.Select(p => Refusal(p, orders.GetValueOrDefault(p.CustomerId), held)).ToList();
    }

    private DomainError? Refusal(CustomerPlacement placement, int unpaidOrders, Dictionary<(long CustomerId, long SkuId), int> held)
    {
        var limits = options.Value;
        if (unpaidOrders >= limits.MaxUnpaidOrdersPerCustomer)
        {
            return new DomainError(ErrorKind.Conflict, UnpaidOrderLimitReached,
                $"You have {limits.MaxUnpaidOrdersPerCustomer} orders waiting for payment; pay or cancel one before placing another.",
                Extensions: new Dictionary<string, object> { ["limit"] = limits.MaxUnpaidOrdersPerCustomer });
        }

        for (var i = 0; i < placement.Lines.Count; i++)
        {
            var line = placement.Lines[i];
            var already = held.GetValueOrDefault((placement.CustomerId, line.SkuId));
            if (already + line.Quantity > limits.MaxUnitsHeldPerSku)
            {
                return OverHoldLimit(line.SkuId, i, already, limits.MaxUnitsHeldPerSku);
            }
        }

        return null;
    }

    /// <summary>Names the SKU, what the customer's unpaid orders hold of it and the limit, so a client can offer what is left.</summary>
    private static DomainError OverHoldLimit(long skuId, int lineIndex, int held, int limit)
    {
        var sku = skuId.ToString(CultureInfo.InvariantCulture);
        return new DomainError(ErrorKind.Conflict, SkuHoldLimitReached,
            $"Your unpaid orders hold {held} of SKU {sku}; at most {limit} may be held unpaid. Pay or cancel an order, or order fewer.",
            new Dictionary<string, string[]> { [$"lines[{lineIndex}].quantity"] = [$"at most {Math.Max(0, limit - held)} more while your unpaid orders hold {held}."] },
            new Dictionary<string, object> { ["skuId"] = sku, ["held"] = held, ["limit"] = limit });
    }
}
