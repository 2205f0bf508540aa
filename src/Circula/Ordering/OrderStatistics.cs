using System.Globalization;
using Circula.Data;
using Circula.Ordering.Contracts;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Ordering;

public sealed record OrderStatusCount(OrderStatus Status, long Count);

/// <param name="Date">A China calendar day, yyyy-MM-dd.</param>
/// <param name="Placed">Orders placed that day.</param>
/// <param name="Paid">Orders paid that day, whatever became of them later.</param>
/// <param name="GmvFen">The total of the orders paid that day.</param>
public sealed record OrderDay(string Date, long Placed, long Paid, long GmvFen);

/// <summary>The shop at a glance: today (China time), every order by status, and one row per day of the window.</summary>
public sealed record OrderStatisticsReport(OrderDay Today, IReadOnlyList<OrderStatusCount> ByStatus, IReadOnlyList<OrderDay> Days);

/// <summary>
/// Counts for the operators' dashboard. The window's rows are read as two narrow columns and grouped by China day
/// here, which is the same on SQLite and PostgreSQL (their date functions differ) and small for a 90-day window.
/// </summary>
public static class OrderStatistics
{
    public static async Task<Result<OrderStatisticsReport>> ReportAsync(CirculaDbContext db, DateTime nowUtc, int days, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (ReportWindow.Ending(nowUtc, days, errors) is not { } window)
        {
            return DomainError.Validation(errors.ToDictionary());
        }

        var orders = db.Set<Order>().AsNoTracking();
        var byStatus = await orders.GroupBy(o => o.Status).Select(g => new OrderStatusCount(g.Key, g.LongCount())).ToListAsync(ct);
        var start = window.StartUtc;
        var placed = await orders.Where(o => o.CreatedAt >= start).Select(o => o.CreatedAt).ToListAsync(ct);
        var paid = await orders.Where(o => o.PaidAt >= start).Select(o => new { PaidAt = o.PaidAt!.Value, o.TotalFen }).ToListAsync(ct);

        var placedByDay = placed.CountBy(ChinaCalendar.DayOf).ToDictionary();
        var paidByDay = paid.GroupBy(p => ChinaCalendar.DayOf(p.PaidAt)).ToDictionary(g => g.Key, g => (Count: g.LongCount(), Fen: g.Sum(p => p.TotalFen)));
        var series = window.Days.Select(day =>
        {
            var (count, fen) = paidByDay.GetValueOrDefault(day);
            return new OrderDay(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), placedByDay.GetValueOrDefault(day), count, fen);
        }).ToList();
        var all = Enum.GetValues<OrderStatus>()
            .Select(s => new OrderStatusCount(s, byStatus.FirstOrDefault(c => c.Status == s)?.Count ?? 0)).ToList();
        return new OrderStatisticsReport(series[^1], all, series);
    }
}
