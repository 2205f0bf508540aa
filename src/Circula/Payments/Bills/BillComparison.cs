using System.Globalization;
using Circula.Payments.Contracts;

namespace Circula.Payments.Bills;

/// <summary>One of our payments as the comparison needs it.</summary>
public sealed record LocalPayment(long Id, string OutTradeNo, string? TransactionId, long AmountFen, PaymentStatus Status, DateTime? SucceededAt);

/// <summary>One of our refunds as the comparison needs it.</summary>
public sealed record LocalRefund(long Id, string OutRefundNo, long AmountFen, RefundStatus Status, DateTime? SucceededAt);

/// <summary>Counts and totals (fen) of both sides, and what disagrees.</summary>
public sealed record BillComparisonResult(
    long BillPaymentCount, long BillPaymentFen, long BillRefundCount, long BillRefundFen,
    long LocalPaymentCount, long LocalPaymentFen, long LocalRefundCount, long LocalRefundFen,
    long MatchedCount, IReadOnlyList<PaymentBillDiscrepancy> Discrepancies);

/// <summary>
/// Compares a provider's bill with our books, with no I/O. Bill lines are matched by <c>out_trade_no</c> (refunds by
/// <c>out_refund_no</c>) whatever day we recorded them; our side of the day is what Succeeded within the bill's China
/// day (<see cref="ChinaDay.WindowUtc"/>). The bill's money lines are payments in state SUCCESS and refunds whose
/// refund state is SUCCESS; other lines only count when they contradict something Succeeded here. Payments and
/// refunds go through the same steps, as <see cref="Line"/>s and <see cref="Ours"/>.
/// </summary>
public static class BillComparison
{
    /// <param name="payments">Ours: those the bill names, and every one Succeeded within the day.</param>
    /// <param name="refunds">Ours: those the bill names, and every one Succeeded within the day.</param>
    public static BillComparisonResult Compare(ProviderBill bill, IReadOnlyCollection<LocalPayment> payments, IReadOnlyCollection<LocalRefund> refunds)
    {
        var window = ChinaDay.WindowUtc(bill.BillDate);
        var found = new List<PaymentBillDiscrepancy>();
        var paymentSide = CompareSide(PaymentBillDiscrepancy.SubjectPayment,
            bill.Payments.Select(l => new Line(l.OutTradeNo, l.OutTradeNo, l.TransactionId, l.State, l.AmountFen)).ToList(),
            payments.Select(p => new Ours(p.Id, p.OutTradeNo, p.TransactionId, p.AmountFen, p.Status == PaymentStatus.Succeeded, Lower(p.Status), p.SucceededAt)).ToList(),
            window, found);
        var refundSide = CompareSide(PaymentBillDiscrepancy.SubjectRefund,
            bill.Refunds.Select(l => new Line(l.OutRefundNo, l.OutTradeNo, l.RefundId, l.State, l.AmountFen)).ToList(),
            refunds.Select(r => new Ours(r.Id, r.OutRefundNo, null, r.AmountFen, r.Status == RefundStatus.Succeeded, Lower(r.Status), r.SucceededAt)).ToList(),
            window, found);
        return new BillComparisonResult(paymentSide.BillCount, paymentSide.BillFen, refundSide.BillCount, refundSide.BillFen,
            paymentSide.OurCount, paymentSide.OurFen, refundSide.OurCount, refundSide.OurFen, paymentSide.Matched + refundSide.Matched, found);
    }

    /// <summary>A bill line: <see cref="Key"/> is out_trade_no or out_refund_no, <see cref="Reference"/> the provider's own number.</summary>
    private sealed record Line(string Key, string OutTradeNo, string Reference, string State, long AmountFen)
    {
        public bool Done => State == BillPayment.Success;
    }

    /// <summary>Ours; <see cref="Reference"/> is the provider's number when we know it and it must agree (payments).</summary>
    private sealed record Ours(long Id, string Key, string? Reference, long AmountFen, bool Succeeded, string Status, DateTime? SucceededAt);

    private sealed record SideTotals(long BillCount, long BillFen, long OurCount, long OurFen, long Matched);

    private static SideTotals CompareSide(string subject, List<Line> bill, List<Ours> ours, (DateTime Start, DateTime End) window, List<PaymentBillDiscrepancy> found)
    {
        long matched = 0;
        var byKey = ours.GroupBy(o => o.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var line in bill)
        {
            var mine = byKey.GetValueOrDefault(line.Key);
            var problem = (line.Done, mine) switch
            {
                (true, null) => (PaymentBillDiscrepancy.MissingLocally, $"The provider booked a {subject} we do not know."),
                (true, { Succeeded: false }) => (PaymentBillDiscrepancy.MissingLocally, $"The provider booked the {subject} as done; ours is {mine.Status}."),
                (true, _) when mine.Reference is { } reference && reference != line.Reference =>
                    (PaymentBillDiscrepancy.StatusMismatch, $"The bill's transaction {line.Reference} is not ours ({reference})."),
                (true, _) when mine.AmountFen != line.AmountFen =>
                    (PaymentBillDiscrepancy.AmountMismatch, $"The bill says {line.AmountFen} fen, ours is {mine.AmountFen} fen."),
                (false, { Succeeded: true }) => (PaymentBillDiscrepancy.StatusMismatch, $"The bill says {line.State}; ours is succeeded."),
                _ => ((string Kind, string Detail)?)null,
            };
            if (problem is { } p)
            {
                found.Add(Discrepancy(subject, p.Kind, p.Detail, line.Key, mine, line));
            }
            else if (line.Done)
            {
                matched++;
            }
        }

        var inBill = bill.Select(l => l.Key).ToHashSet(StringComparer.Ordinal);
        var ourDay = ours.Where(o => o.Succeeded && o.SucceededAt >= window.Start && o.SucceededAt < window.End).ToList();
        found.AddRange(ourDay.Where(o => !inBill.Contains(o.Key)).Select(o => Discrepancy(subject, PaymentBillDiscrepancy.MissingAtProvider,
            $"Succeeded here at {When(o.SucceededAt)}, not in the provider's bill.", o.Key, o, null)));
        var done = bill.Where(l => l.Done).ToList();
        return new SideTotals(done.Count, done.Sum(l => l.AmountFen), ourDay.Count, ourDay.Sum(o => o.AmountFen), matched);
    }

    private static PaymentBillDiscrepancy Discrepancy(string subject, string kind, string detail, string key, Ours? ours, Line? line)
    {
        var payment = subject == PaymentBillDiscrepancy.SubjectPayment;
        return new PaymentBillDiscrepancy
        {
            Subject = subject, Kind = kind, Detail = detail, OutTradeNo = payment ? key : line?.OutTradeNo, OutRefundNo = payment ? null : key,
            ProviderTransactionId = line?.Reference ?? ours?.Reference, PaymentId = payment ? ours?.Id : null, RefundId = payment ? null : ours?.Id,
            BillAmountFen = line?.AmountFen, LocalAmountFen = ours?.AmountFen, BillStatus = line?.State, LocalStatus = ours?.Status,
        };
    }

    private static string Lower<T>(T status) where T : struct, Enum => status.ToString().ToLowerInvariant();

    private static string When(DateTime? utc) => utc is { } t ? t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
}
