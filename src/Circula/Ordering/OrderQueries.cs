using Circula.Identity.Contracts;
using Circula.Ordering.Contracts;
using Circula.Data;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Ordering;

/// <summary>What an order list is filtered by; null is "any". Placement times are UTC, from inclusive, to exclusive.</summary>
public sealed record OrderListFilter(
    string? Status, int Page, int PageSize, long? CustomerId = null, string? Number = null, string? Phone = null, DateTime? PlacedFrom = null,
    DateTime? PlacedTo = null, long? SellerId = null);

/// <summary>Reading orders: lists (own or all) and one order with its history.</summary>
public static class OrderQueries
{
    /// <summary>
    /// One page of orders, newest first, filtered as asked; a bad page, status, number, phone or time range is refused with its field errors.
    /// A phone finds the orders of the customers whose account has that number (Identity finds them by its keyed hash).
    /// </summary>
    public static async Task<Result<PagedList<OrderSummary>>> ListAsync(CirculaDbContext db, IUserDirectory users, OrderListFilter filter, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.CheckPaging(filter.Page, filter.PageSize);
        errors.Optional("number", filter.Number, 64);
        var wanted = errors.EnumFilter<OrderStatus>("status", filter.Status);
        if (!string.IsNullOrWhiteSpace(filter.Phone))
        {
            errors.Check("phone", filter.Phone.Trim());
        }

        if (filter.PlacedFrom >= filter.PlacedTo)
        {
            errors.Add("placedFrom", "must be before placedTo.");
        }

        if (errors.Any)
        {
            return DomainError.Validation(errors.ToDictionary());
        }

        var query = db.Set<Order>().AsNoTracking();
        if (filter.CustomerId is { } customer)
        {
            query = query.Where(o => o.CustomerId == customer);
        }

        if (filter.SellerId is { } seller)
        {
            query = query.Where(o => o.SellerId == seller);
        }

        if (wanted is { } s)
        {
            query = query.Where(o => o.Status == s);
        }

        if (!string.IsNullOrWhiteSpace(filter.Number))
        {
            var number = filter.Number.Trim();
            query = query.Where(o => o.Number == number);
        }

        if (!string.IsNullOrWhiteSpace(filter.Phone))
        {
            var customers = (await users.FindByPhoneAsync(filter.Phone.Trim(), ct)).Select(u => u.Value).ToList();
            query = query.Where(o => customers.Contains(o.CustomerId));
        }

        if (filter.PlacedFrom is { } from)
        {
            query = query.Where(o => o.CreatedAt >= from);
        }

        if (filter.PlacedTo is { } to)
        {
            query = query.Where(o => o.CreatedAt < to);
        }

        var (orders, total) = await query.Include(o => o.Lines).OrderByDescending(o => o.Id).PageAsync(filter.Page, filter.PageSize, ct);
        return new PagedList<OrderSummary>(orders.Select(OrderSummary.From).ToList(), filter.Page, filter.PageSize, total);
    }

    /// <summary>One order with lines and history; null when it does not exist or (for a customer, or a seller) is not theirs.</summary>
    public static Task<Order?> FindAsync(CirculaDbContext db, long orderId, long? customerId, CancellationToken ct, long? sellerId = null) =>
        db.Set<Order>().AsNoTracking().Include(o => o.Lines).Include(o => o.History).AsSplitQuery()
            .FirstOrDefaultAsync(o => o.Id == orderId && (customerId == null || o.CustomerId == customerId) && (sellerId == null || o.SellerId == sellerId), ct);
}
