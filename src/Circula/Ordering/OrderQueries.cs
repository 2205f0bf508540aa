using Circula.Ordering.Contracts;
using Circula.Data;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Ordering;

/// <summary>Reading orders: lists (own or all) and one order with its history.</summary>
public static class OrderQueries
{
    /// <summary>One page of orders, newest first, filtered as asked; a bad page, status or number is refused with its field errors.</summary>
    public static async Task<Result<PagedList<OrderSummary>>> ListAsync(
        CirculaDbContext db, long? customerId, string? status, string? number, int page, int pageSize, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.CheckPaging(page, pageSize);
        errors.Optional("number", number, 64);
        var wanted = errors.EnumFilter<OrderStatus>("status", status);

        if (errors.Any)
        {
            return DomainError.Validation(errors.ToDictionary());
        }

        var query = db.Set<Order>().AsNoTracking();
        if (customerId is { } customer)
        {
            query = query.Where(o => o.CustomerId == customer);
        }

        if (wanted is { } s)
        {
            query = query.Where(o => o.Status == s);
        }

        if (!string.IsNullOrWhiteSpace(number))
        {
            query = query.Where(o => o.Number == number.Trim());
        }

        var (orders, total) = await query.Include(o => o.Lines).OrderByDescending(o => o.Id).PageAsync(page, pageSize, ct);
        return new PagedList<OrderSummary>(orders.Select(OrderSummary.From).ToList(), page, pageSize, total);
    }

    /// <summary>One order with lines and history; null when it does not exist or (for a customer) is not theirs.</summary>
    public static Task<Order?> FindAsync(CirculaDbContext db, long orderId, long? customerId, CancellationToken ct) =>
        db.Set<Order>().AsNoTracking().Include(o => o.Lines).Include(o => o.History).AsSplitQuery()
            .FirstOrDefaultAsync(o => o.Id == orderId && (customerId == null || o.CustomerId == customerId), ct);
}
