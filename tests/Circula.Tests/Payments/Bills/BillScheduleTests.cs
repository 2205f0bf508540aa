using System.Net;
using System.Net.Http.Json;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Payments.Alipay;
using Circula.Payments;
using Circula.Payments.Bills;
using Circula.Payments.WeChatPay;
using Circula.Shared.Ids;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Payments.Bills;

/// <summary>
/// The daily run against the built-in WeChat Pay and Alipay sandboxes (their bills are written from the trades they saw),
/// with two instances on one database sharing the sandboxes, as replicas share the real providers.
/// </summary>
public abstract class BillScheduleTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task After_run_after_the_previous_china_day_is_reconciled_once_by_one_of_two_replicas()
    {
        await using var replica = await server.StartReplicaAsync();
        var sku = await server.CreateSkuAsync(stock: 10, 4590);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var order = await customer.Client.PlaceOkAsync(sku);
        var payment = await (await customer.Client.PostAsJsonAsync("/api/v1/payments", new { orderId = order.Id, channel = WeChatPayProvider.Native }))
            .ReadAs<PaymentDto>(HttpStatusCode.Created);
        var paid = await (await server.Client.PostAsJsonAsync("/sandbox/wechatpay/pay", new { outTradeNo = payment.OutTradeNo })).ReadAs<SandboxPayDto>();
        Assert.Equal(204, Assert.Single(paid.Deliveries).Status);
        var (_, alipayPayment) = await server.PendingPaymentAsync(AlipayProvider.Name, 1990);
        var alipayPaid = await (await server.Client.PostAsJsonAsync("/sandbox/alipay/pay", new { outTradeNo = alipayPayment.OutTradeNo })).ReadAs<SandboxPayDto>();
        Assert.Equal("success", Assert.Single(alipayPaid.Deliveries).Body);
        var day = ChinaDay.Of(server.Clock.GetUtcNow());

        // 09:59 China time the next day: not yet (WeChat Pay's bill is ready after 10:00).
        await server.AdvanceClockAsync(ChinaDay.AtUtc(day.AddDays(1), new TimeSpan(9, 59, 0)) - server.Clock.GetUtcNow().UtcDateTime);
        await replica.Services.GetRequiredService<WorkerIdLease>().RenewAsync(CancellationToken.None);
        await Task.Delay(500);
        Assert.Empty(await ReportsAsync(day));

        await server.AdvanceClockAsync(TimeSpan.FromMinutes(2));
        await replica.Services.GetRequiredService<WorkerIdLease>().RenewAsync(CancellationToken.None);
        await server.EventuallyAsync(async () => await ReportsAsync(day) is [{ Status: BillReportStatus.Completed }, { Status: BillReportStatus.Completed }]);
        await Task.Delay(500);

        // One report per provider, each from its sandbox's bill: WeChat Pay's CSV, Alipay's GBK zip.
        var reports = await ReportsAsync(day);
        Assert.Equal([AlipayProvider.Name, WeChatPayProvider.Name], reports.Select(r => r.Provider).Order());
        foreach (var (report, fen) in reports.OrderBy(r => r.Provider).Zip([1990L, 4590L]))
        {
            Assert.Equal((1, 1L, 0L, 1L, fen), (report.Attempts, report.MatchedCount, report.DiscrepancyCount, report.BillPaymentCount, report.BillPaymentFen));
            Assert.Equal((report.BillPaymentCount, report.BillPaymentFen), (report.LocalPaymentCount, report.LocalPaymentFen));
        }
    }

    private Task<List<PaymentBillReport>> ReportsAsync(DateOnly day) =>
        server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<PaymentBillReport>().AsNoTracking().Where(r => r.BillDate == day).ToListAsync());
}

public sealed class BillScheduleTestsOnSqlite(ReconcilingSqliteServer server) : BillScheduleTests<ReconcilingSqliteServer>(server);

public sealed class BillScheduleTestsOnPostgres(ReconcilingPostgresServer server) : BillScheduleTests<ReconcilingPostgresServer>(server);
