using System.Net;
using System.Net.Http.Json;
using Circula.Data;
using Circula.Payments.Alipay;
using Circula.Payments;
using Circula.Payments.Bills;
using Circula.Payments.Contracts;
using Circula.Payments.WeChatPay;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;
using Circula.Tests.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Sandbox;

/// <summary>
/// Both sandboxes write their daily bills from the trades and refunds in their tables, so a restart between the money moving
/// and the bill run changes nothing. A server of its own: moving the clock a day would time out other tests' orders.
/// </summary>
public abstract class SandboxBillsAfterRestartTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task The_bills_written_after_a_restart_hold_the_payments_and_refunds_the_sandboxes_saw_before_it()
    {
        // Everything on one China day, from 00:30 tomorrow.
        var day = ChinaDay.Of(server.Clock.GetUtcNow()).AddDays(1);
        await server.AdvanceClockAsync(ChinaDay.AtUtc(day, TimeSpan.FromMinutes(30)) - server.Clock.GetUtcNow().UtcDateTime);
        await PaidAndRefundedAsync(WeChatPayProvider.Name, 4590);
        await PaidAndRefundedAsync(AlipayProvider.Name, 1990);
        await PaidAsync(WeChatPayProvider.Name, 1200);
        await PaidAsync(AlipayProvider.Name, 800);

        await server.RestartAsync();
        await server.AdvanceClockAsync(ChinaDay.AtUtc(day.AddDays(1), new TimeSpan(10, 1, 0)) - server.Clock.GetUtcNow().UtcDateTime);

        await server.EventuallyAsync(async () => await ReportsAsync(day) is [{ Status: BillReportStatus.Completed }, { Status: BillReportStatus.Completed }]);
        var reports = (await ReportsAsync(day)).OrderBy(r => r.Provider).ToList();
        Assert.Equal([AlipayProvider.Name, WeChatPayProvider.Name], reports.Select(r => r.Provider));
        foreach (var (report, (paidFen, refundedFen)) in reports.Zip([(1990L + 800, 1990L), (4590L + 1200, 4590L)]))
        {
            Assert.Equal((2L, paidFen, 1L, refundedFen), (report.BillPaymentCount, report.BillPaymentFen, report.BillRefundCount, report.BillRefundFen));
            Assert.Equal((report.BillPaymentCount, report.BillPaymentFen, report.BillRefundCount, report.BillRefundFen),
                (report.LocalPaymentCount, report.LocalPaymentFen, report.LocalRefundCount, report.LocalRefundFen));
            Assert.Equal((0L, 3L), (report.DiscrepancyCount, report.MatchedCount));
        }
    }

    /// <summary>An order paid through the sandbox; its customer, who can still ask for a refund.</summary>
    private async Task<(SignedInUser Customer, OrderDto Order, PaymentDto Payment)> PaidAsync(string provider, long priceFen)
    {
        var (customer, order, payment) = await server.CustomerPendingPaymentAsync(provider, priceFen);
        Assert.Single((await server.Client.SandboxPayAsync(provider, new { outTradeNo = payment.OutTradeNo })).Deliveries);
        return (customer, order, payment);
    }

    /// <summary>An order paid through the sandbox and fully refunded there, after an operator approved the customer's request.</summary>
    private async Task PaidAndRefundedAsync(string provider, long priceFen)
    {
        var (customer, order, payment) = await PaidAsync(provider, priceFen);
        await (await customer.Client.PostAsJsonAsync($"/api/v1/orders/{order.Id}/refund-request", new { reason = "不想要了" })).ShouldBe(HttpStatusCode.OK);
        await (await (await server.AdminClientAsync()).PostAsync($"/api/v1/admin/orders/{order.Id}/approve-refund", null)).ShouldBe(HttpStatusCode.OK);
        await server.EventuallyAsync(async () => await server.RefundsAsync(payment.Id) is [{ Status: RefundStatus.Succeeded }]);
    }

    private Task<List<PaymentBillReport>> ReportsAsync(DateOnly day) =>
        server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<PaymentBillReport>().AsNoTracking().Where(r => r.BillDate == day).ToListAsync());
}

public sealed class SandboxBillsAfterRestartTestsOnSqlite(SqliteServer server) : SandboxBillsAfterRestartTests<SqliteServer>(server);

public sealed class SandboxBillsAfterRestartTestsOnPostgres(PostgresServer server) : SandboxBillsAfterRestartTests<PostgresServer>(server);
