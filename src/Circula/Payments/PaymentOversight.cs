using System.Globalization;
using Circula.Data;
using Circula.Payments.Contracts;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Payments;

public sealed record PaymentStatusCount(PaymentStatus Status, long Count);

public sealed record RefundStatusCount(RefundStatus Status, long Count);

/// <param name="Date">A China calendar day, yyyy-MM-dd.</param>
/// <param name="Succeeded">Payments whose money arrived that day.</param>
/// <param name="SucceededFen">Their total.</param>
/// <param name="RefundedFen">Money back with payers that day (succeeded refunds).</param>
/// <param name="Anomalies">Verified notifications that day that an operator has to look at (see <see cref="PaymentOversight.AnomalyOutcomes"/>).</param>
public sealed record PaymentDay(string Date, long Succeeded, long SucceededFen, long RefundedFen, long Anomalies);

/// <summary>Money at a glance: today (China time), payments and refunds by status, and one row per day of the window.</summary>
public sealed record PaymentStatisticsReport(PaymentDay Today, IReadOnlyList<PaymentStatusCount> Payments, IReadOnlyList<RefundStatusCount> Refunds,
    IReadOnlyList<PaymentDay> Days);

/// <summary>A verified notification that did not simply pay or refund: money that pays nothing, a mismatch, a failed refund.</summary>
public sealed record PaymentAnomaly(string Id, string Provider, string NotificationId, string EventType, string? OutTradeNo, string? ProviderTransactionId,
    string? PaymentId, string Outcome, string? Detail, DateTime ReceivedAt);

/// <summary>What operators watch of the money: the dashboard's figures and the anomalies to act on.</summary>
public static class PaymentOversight
{
    /// <summary>Outcomes an operator must look at: money that pays nothing or came after a cancel, mismatches, unknown or failed refunds.</summary>
    public static readonly IReadOnlyList<string> AnomalyOutcomes =
    [
        NotificationOutcomes.PaidAfterCancel, NotificationOutcomes.OrderAlreadyPaid, NotificationOutcomes.SecondTransaction,
        NotificationOutcomes.UnknownOrder, NotificationOutcomes.AmountMismatch, NotificationOutcomes.MerchantMismatch,
        NotificationOutcomes.RefundFailed, NotificationOutcomes.UnknownRefund,
    ];

    /// <summary>The report for the <paramref name="days"/> China days up to today; the window's rows are grouped here, the same on both databases.</summary>
    public static async Task<Result<PaymentStatisticsReport>> ReportAsync(CirculaDbContext db, DateTime nowUtc, int days, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (ReportWindow.Ending(nowUtc, days, errors) is not { } window)
        {
            return DomainError.Validation(errors.ToDictionary());
        }

        var payments = await db.Set<Payment>().AsNoTracking().GroupBy(p => p.Status).Select(g => new PaymentStatusCount(g.Key, g.LongCount())).ToListAsync(ct);
        var refunds = await db.Set<Refund>().AsNoTracking().GroupBy(r => r.Status).Select(g => new RefundStatusCount(g.Key, g.LongCount())).ToListAsync(ct);
        var start = window.StartUtc;
        var paid = await db.Set<Payment>().AsNoTracking().Where(p => p.SucceededAt >= start)
            .Select(p => new { At = p.SucceededAt!.Value, p.AmountFen }).ToListAsync(ct);
        var refunded = await db.Set<Refund>().AsNoTracking().Where(r => r.Status == RefundStatus.Succeeded && r.SucceededAt >= start)
            .Select(r => new { At = r.SucceededAt!.Value, r.AmountFen }).ToListAsync(ct);
        var anomalies = await db.Set<PaymentNotification>().AsNoTracking().Where(n => n.ReceivedAt >= start && AnomalyOutcomes.Contains(n.Outcome))
            .Select(n => n.ReceivedAt).ToListAsync(ct);

        var paidByDay = paid.GroupBy(p => ChinaCalendar.DayOf(p.At)).ToDictionary(g => g.Key, g => (Count: g.LongCount(), Fen: g.Sum(p => p.AmountFen)));
        var refundedByDay = refunded.GroupBy(r => ChinaCalendar.DayOf(r.At)).ToDictionary(g => g.Key, g => g.Sum(r => r.AmountFen));
        var anomaliesByDay = anomalies.CountBy(ChinaCalendar.DayOf).ToDictionary();
        var series = window.Days.Select(day =>
        {
            var (count, fen) = paidByDay.GetValueOrDefault(day);
            return new PaymentDay(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), count, fen, refundedByDay.GetValueOrDefault(day),
                anomaliesByDay.GetValueOrDefault(day));
        }).ToList();
        return new PaymentStatisticsReport(series[^1],
            Enum.GetValues<PaymentStatus>().Select(s => new PaymentStatusCount(s, payments.FirstOrDefault(c => c.Status == s)?.Count ?? 0)).ToList(),
            Enum.GetValues<RefundStatus>().Select(s => new RefundStatusCount(s, refunds.FirstOrDefault(c => c.Status == s)?.Count ?? 0)).ToList(),
            series);
    }

    /// <summary>One page of anomalies, newest first, optionally of one <paramref name="outcome"/> (one of <see cref="AnomalyOutcomes"/>).</summary>
    public static async Task<Result<PagedList<PaymentAnomaly>>> AnomaliesAsync(CirculaDbContext db, string? outcome, int page, int pageSize, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.CheckPaging(page, pageSize);
        if (outcome is not null && !AnomalyOutcomes.Contains(outcome))
        {
            errors.Add("outcome", $"must be one of {string.Join(", ", AnomalyOutcomes)}.");
        }

        if (errors.Any)
        {
            return DomainError.Validation(errors.ToDictionary());
        }

        IReadOnlyList<string> wanted = outcome is null ? AnomalyOutcomes : [outcome];
        var (rows, total) = await db.Set<PaymentNotification>().AsNoTracking().Where(n => wanted.Contains(n.Outcome))
            .OrderByDescending(n => n.Id).PageAsync(page, pageSize, ct);
        return new PagedList<PaymentAnomaly>(rows.Select(n => new PaymentAnomaly(Text(n.Id), n.Provider, n.NotificationId, n.EventType, n.OutTradeNo,
            n.ProviderTransactionId, n.PaymentId is { } id ? Text(id) : null, n.Outcome, n.Detail, n.ReceivedAt)).ToList(), page, pageSize, total);
    }

    private static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);
}
