using System.Globalization;
using Circula.Data;
using Circula.Ordering.Contracts;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Ordering;

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
    public async Task<DomainError?> CheckAsync(long customerId, IReadOnlyList<OrderLineRequest> lines, CancellationToken ct)
    {
        // Held until the placing transaction ends: the customer's next placement counts this one's order.
        await db.ExecuteAsync(
            "INSERT INTO order_placement_locks (customer_id, locked_at) VALUES (@customer, @now) " +
            "ON CONFLICT (customer_id) DO UPDATE SET locked_at = excluded.locked_at",
            ct, ("customer", customerId), ("now", clock.GetUtcNow().UtcDateTime));

        var limits = options.Value;
        var unpaid = db.Set<Order>().Where(o => o.CustomerId == customerId && o.Status == OrderStatus.PendingPayment);
        if (await unpaid.CountAsync(ct) >= limits.MaxUnpaidOrdersPerCustomer)
        {
            return new DomainError(ErrorKind.Conflict, UnpaidOrderLimitReached,
                $"You have {limits.MaxUnpaidOrdersPerCustomer} orders waiting for payment; pay or cancel one before placing another.",
                Extensions: new Dictionary<string, object> { ["limit"] = limits.MaxUnpaidOrdersPerCustomer });
        }

        if (lines.Count == 0)
        {
            return null;
        }

        var skuIds = lines.Select(l => (long?)l.SkuId).ToList();
        var held = await unpaid.SelectMany(o => o.Lines).Where(l => skuIds.Contains(l.SkuId))
            .GroupBy(l => l.SkuId!.Value).Select(g => new { SkuId = g.Key, Units = g.Sum(l => l.Quantity) })
            .ToDictionaryAsync(h => h.SkuId, h => h.Units, ct);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var already = held.GetValueOrDefault(line.SkuId);
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
