using Circula.Data;
using Circula.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Circula.Ordering;

/// <summary>Reading orders: lists (own or all) and one order with its history.</summary>
public static class OrderQueries
{
    public static async Task<Results<Ok<PagedList<OrderSummary>>, ProblemHttpResult>> ListAsync(
        CirculaDbContext db, long? customerId, string? status, string? number, int page, int pageSize, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Range("page", page, 1, 1_000_000);
        errors.Range("pageSize", pageSize, 1, 100);
        errors.Optional("number", number, 64);
        OrderStatus? wanted = null;
        if (status is not null)
        {
            if (Enum.TryParse<OrderStatus>(status, ignoreCase: true, out var parsed) && !int.TryParse(status, out _))
            {
                wanted = parsed;
            }
            else
            {
                errors.Add("status", $"must be one of {string.Join(", ", Enum.GetNames<OrderStatus>().Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName))}.");
            }
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors.ToDictionary());
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

        var total = await query.LongCountAsync(ct);
        var orders = await query.OrderByDescending(o => o.Id).Skip((page - 1) * pageSize).Take(pageSize).Include(o => o.Lines).ToListAsync(ct);
        return TypedResults.Ok(new PagedList<OrderSummary>(orders.Select(OrderSummary.From).ToList(), page, pageSize, total));
    }

    /// <summary>One order with lines and history; null when it does not exist or (for a customer) is not theirs.</summary>
    public static Task<Order?> FindAsync(CirculaDbContext db, long orderId, long? customerId, CancellationToken ct) =>
        db.Set<Order>().AsNoTracking().Include(o => o.Lines).Include(o => o.History).AsSplitQuery()
            .FirstOrDefaultAsync(o => o.Id == orderId && (customerId == null || o.CustomerId == customerId), ct);
}
