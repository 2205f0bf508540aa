using System.Net.Http.Json;
using Circula.Data;
using Circula.Payments.Alipay;
using Circula.Payments;
using Circula.Payments.Bills;
using Circula.Payments.Contracts;
using Circula.Shared.Ids;
using Circula.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Payments.Bills;

public sealed record BillTotalsDto(long PaymentCount, long PaymentFen, long RefundCount, long RefundFen);

public sealed record BillDiscrepancyDto(string Subject, string Kind, string? OutTradeNo, string? OutRefundNo, string? PaymentId, long? BillAmountFen,
    long? LocalAmountFen, string? BillStatus, string? LocalStatus, string Detail);

public sealed record BillReportDto(string Id, string Provider, string BillDate, string Status, bool Running, int Attempts, string? LastError, DateTime? CompletedAt,
    BillTotalsDto Bill, BillTotalsDto Local, long MatchedCount, long DiscrepancyCount, List<BillDiscrepancyDto>? Discrepancies);

/// <summary>
/// What the bill tests of both providers do alike: pick a past China day (each test its own, so they share one server), put
/// succeeded payments and refunds on it, run the date as an operator and read the stored report.
/// </summary>
internal static class BillTestSteps
{
    public const string BillsUrl = "/api/v1/admin/payments/bills";

    public static string PastDay(this CirculaServer server, int daysAgo) => ChinaDay.ToText(ChinaDay.Of(server.Clock.GetUtcNow()).AddDays(-daysAgo));

    /// <summary>
    /// A payment created over HTTP and then marked Succeeded at <paramref name="day"/> noon China time plus <paramref name="minutes"/>
    /// with a transaction id, as the notify endpoint would have done (that path has its own tests).
    /// </summary>
    public static async Task<Payment> SucceededPaymentAsync(this CirculaServer server, string provider, string day, int minutes, long priceFen = 2590)
    {
        var (_, created) = await server.PendingPaymentAsync(provider, priceFen);
        ChinaDay.TryParse(day, out var date);
        var at = ChinaDay.AtUtc(date, TimeSpan.FromHours(12) + TimeSpan.FromMinutes(minutes));
        var id = long.Parse(created.Id);
        var transactionId = (provider == AlipayProvider.Name ? "20260601220014" : "42000026") + created.Id;
        return await server.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CirculaDbContext>();
            await db.Set<Payment>().Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PaymentStatus.Succeeded)
                .SetProperty(p => p.SucceededAt, at).SetProperty(p => p.ProviderTransactionId, transactionId));
            return await db.Set<Payment>().AsNoTracking().SingleAsync(p => p.Id == id);
        });
    }

    /// <summary>The payment's full refund, stored Succeeded <paramref name="after"/> the payment, as the refund path would have left it.</summary>
    public static Task<Refund> SucceededRefundAsync(this CirculaServer server, Payment payment, TimeSpan after) =>
        server.WithScopeAsync(async sp =>
        {
            var id = sp.GetRequiredService<SnowflakeIdGenerator>().NextId();
            var at = payment.SucceededAt!.Value + after;
            var db = sp.GetRequiredService<CirculaDbContext>();
            db.Add(Refund.Request(id, payment, payment.AmountFen, Refund.OrderRefunded, at));
            await db.SaveChangesAsync();
            await db.Set<Refund>().Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RefundStatus.Succeeded).SetProperty(r => r.SucceededAt, at));
            return await db.Set<Refund>().AsNoTracking().SingleAsync(r => r.Id == id);
        });

    public static async Task<HttpResponseMessage> RunBillAsync(this CirculaServer server, string provider, string day) =>
        await (await server.AdminClientAsync()).PostAsJsonAsync(BillsUrl, new { provider, billDate = day });

    public static Task<List<PaymentBillReport>> BillReportsAsync(this CirculaServer server, string provider, string day)
    {
        ChinaDay.TryParse(day, out var date);
        return server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<PaymentBillReport>().AsNoTracking()
            .Where(r => r.Provider == provider && r.BillDate == date).ToListAsync());
    }

    public static Task<int> StoredDiscrepanciesAsync(this CirculaServer server, long reportId) =>
        server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<PaymentBillDiscrepancy>().CountAsync(d => d.ReportId == reportId));
}
