using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Payments;
using Circula.Payments.Bills;
using Circula.Payments.Sandbox;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;
using Circula.Tests.Payments.WeChatPay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Payments.Bills;

public sealed record BillTotalsDto(long PaymentCount, long PaymentFen, long RefundCount, long RefundFen);

public sealed record BillDiscrepancyDto(string Subject, string Kind, string? OutTradeNo, string? OutRefundNo, string? PaymentId, long? BillAmountFen,
    long? LocalAmountFen, string? BillStatus, string? LocalStatus, string Detail);

public sealed record BillReportDto(string Id, string Provider, string BillDate, string Status, int Attempts, string? LastError, DateTime? CompletedAt,
    BillTotalsDto Bill, BillTotalsDto Local, long MatchedCount, long DiscrepancyCount, List<BillDiscrepancyDto>? Discrepancies);

/// <summary>
/// Bill reconciliation over HTTP against <see cref="WeChatPayPeer"/>, which serves the trade bill only to requests
/// whose Authorization verifies. Each test takes its own past China day, so they share one server.
/// </summary>
public abstract class BillReconciliationTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : BillPeerServer
{
    private const string BillsUrl = "/api/v1/admin/payments/bills";

    private string PastDay(int daysAgo) => ChinaDay.ToText(ChinaDay.Of(server.Clock.GetUtcNow()).AddDays(-daysAgo));

    /// <summary>
    /// A payment created over HTTP (the peer accepts the Native prepay) and then marked Succeeded at <paramref name="day"/> noon China
    /// time plus <paramref name="minutes"/>, as the notify endpoint would have done (that path has its own tests).
    /// </summary>
    private async Task<Payment> SucceededPaymentAsync(string day, int minutes, long priceFen = 2590)
    {
        var sku = await server.CreateSkuAsync(stock: 10, priceFen);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var order = await customer.Client.PlaceOkAsync(sku);
        var created = await (await customer.Client.PostAsJsonAsync("/api/v1/payments", new { orderId = order.Id, channel = Payment.Native }))
            .ReadAs<PaymentDto>(HttpStatusCode.Created);
        ChinaDay.TryParse(day, out var date);
        var at = ChinaDay.AtUtc(date, TimeSpan.FromHours(12) + TimeSpan.FromMinutes(minutes));
        var id = long.Parse(created.Id);
        return await server.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CirculaDbContext>();
            await db.Set<Payment>().Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PaymentStatus.Succeeded)
                .SetProperty(p => p.SucceededAt, at).SetProperty(p => p.ProviderTransactionId, "42000026" + created.Id));
            return await db.Set<Payment>().AsNoTracking().SingleAsync(p => p.Id == id);
        });
    }

    private static TradeBillLine Line(Payment payment, long? amountFen = null) =>
        new(payment.SucceededAt!.Value, WeChatPayPeer.AppId, WeChatPayPeer.MchId, payment.ProviderTransactionId!, payment.OutTradeNo, "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
            "NATIVE", amountFen ?? payment.AmountFen);

    private void ServeBill(string day, bool wrongHash, params TradeBillLine[] lines) =>
        server.Peer.Bills[day] = new WeChatPayPeer.PeerBill(WeChatPayTradeBillWriter.Write(lines), wrongHash);

    private async Task<HttpResponseMessage> RunAsync(string day, string provider = Payment.WeChatPay) =>
        await (await server.AdminClientAsync()).PostAsJsonAsync(BillsUrl, new { provider, billDate = day });

    private Task<List<PaymentBillReport>> ReportsAsync(string day)
    {
        ChinaDay.TryParse(day, out var date);
        return server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<PaymentBillReport>().AsNoTracking().Where(r => r.BillDate == date).ToListAsync());
    }

    [Fact]
    public async Task A_day_that_matches_gives_a_completed_report_without_discrepancies_and_both_bill_calls_are_signed()
    {
        var day = PastDay(2);
        var first = await SucceededPaymentAsync(day, 0);
        var second = await SucceededPaymentAsync(day, 5, 1290);
        ServeBill(day, false, Line(first), Line(second));

        var report = await (await RunAsync(day)).ReadAs<BillReportDto>();

        Assert.Equal(("completed", 0L, 2L, 1), (report.Status, report.DiscrepancyCount, report.MatchedCount, report.Attempts));
        Assert.Equal(new BillTotalsDto(2, first.AmountFen + second.AmountFen, 0, 0), report.Bill);
        Assert.Equal(report.Bill, report.Local);
        Assert.Empty(report.Discrepancies!);
        var bill = Assert.Single(server.Peer.Calls, c => c.Target == $"/v3/bill/tradebill?bill_date={day}&bill_type=ALL");
        var download = Assert.Single(server.Peer.Calls, c => c.Target == $"/v3/billdownload/file?token=bill-{day}");
        Assert.Equal((null, null, "GET", "GET"), (bill.Rejection, download.Rejection, bill.Method, download.Method));
        Assert.Equal(0, (await server.OutboxPayloadsAsync(PaymentBillDiscrepanciesFound.EventType)).Count(p => p.Contains(report.Id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_extra_trade_a_missing_one_and_another_amount_are_three_discrepancies_and_an_alert()
    {
        var day = PastDay(3);
        var matched = await SucceededPaymentAsync(day, 0);
        var notInBill = await SucceededPaymentAsync(day, 1);
        var otherAmount = await SucceededPaymentAsync(day, 2);
        var unknown = new TradeBillLine(matched.SucceededAt!.Value.AddMinutes(30), WeChatPayPeer.AppId, WeChatPayPeer.MchId, "4200002699000000000000000001",
            "P9999999999999999999", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "JSAPI", 880);
        ServeBill(day, false, Line(matched), Line(otherAmount, otherAmount.AmountFen + 10), unknown);

        var report = await (await RunAsync(day)).ReadAs<BillReportDto>();

        Assert.Equal(("completed", 3L, 1L), (report.Status, report.DiscrepancyCount, report.MatchedCount));
        Assert.Equal(new BillTotalsDto(3, matched.AmountFen + otherAmount.AmountFen + 10 + 880, 0, 0), report.Bill);
        Assert.Equal(new BillTotalsDto(3, matched.AmountFen + notInBill.AmountFen + otherAmount.AmountFen, 0, 0), report.Local);
        var kinds = report.Discrepancies!.ToDictionary(d => d.Kind);
        Assert.Equal(("P9999999999999999999", 880L, (long?)null, null), (kinds["missing_locally"].OutTradeNo, kinds["missing_locally"].BillAmountFen!.Value,
            kinds["missing_locally"].LocalAmountFen, kinds["missing_locally"].PaymentId));
        Assert.Equal((notInBill.OutTradeNo, notInBill.Id.ToString(), "succeeded"), (kinds["missing_at_provider"].OutTradeNo, kinds["missing_at_provider"].PaymentId,
            kinds["missing_at_provider"].LocalStatus));
        Assert.Equal((otherAmount.OutTradeNo, otherAmount.AmountFen + 10, otherAmount.AmountFen), (kinds["amount_mismatch"].OutTradeNo,
            kinds["amount_mismatch"].BillAmountFen!.Value, kinds["amount_mismatch"].LocalAmountFen!.Value));
        Assert.All(report.Discrepancies!, d => Assert.Equal("payment", d.Subject));

        var alert = Assert.Single(await server.OutboxPayloadsAsync(PaymentBillDiscrepanciesFound.EventType), p => p.Contains(report.Id, StringComparison.Ordinal));
        var payload = JsonDocument.Parse(alert).RootElement;
        Assert.Equal((day, 3), (payload.GetProperty("billDate").GetString(), payload.GetProperty("discrepancyCount").GetInt32()));
        Assert.Equal(PaymentStatus.Succeeded, (await server.PaymentRowAsync(notInBill.Id.ToString())).Status); // a report never changes a payment

        var read = await (await (await server.AdminClientAsync()).GetAsync($"{BillsUrl}/{report.Id}")).ReadAs<BillReportDto>();
        // PostgreSQL keeps microseconds, the run's answer had the clock's ticks.
        Assert.Equal(report with { Discrepancies = null, CompletedAt = null }, read with { Discrepancies = null, CompletedAt = null });
        Assert.Equal(3, read.Discrepancies!.Count);
        var listed = await (await (await server.AdminClientAsync()).GetAsync($"{BillsUrl}?provider=wechatpay&status=completed&pageSize=100")).ReadAs<JsonElement>();
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == report.Id && i.GetProperty("discrepancies").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task A_bill_whose_hash_does_not_match_fails_the_run_and_nothing_is_stored_as_complete()
    {
        var day = PastDay(4);
        var payment = await SucceededPaymentAsync(day, 0);
        ServeBill(day, true, Line(payment, payment.AmountFen + 1));

        var problem = await (await RunAsync(day)).ShouldBeProblem(HttpStatusCode.BadGateway, BillUnavailableException.HashMismatch);
        Assert.Contains("SHA1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var report = Assert.Single(await ReportsAsync(day));
        Assert.Equal((BillReportStatus.Pending, 1, null, 0L), (report.Status, report.Attempts, report.CompletedAt, report.DiscrepancyCount));
        Assert.StartsWith(BillUnavailableException.HashMismatch, report.LastError, StringComparison.Ordinal);
        Assert.True(report.DueAt > server.Clock.GetUtcNow().UtcDateTime, "a failed run is retried later by the worker");
        Assert.Null(report.ClaimedUntil);
        var stored = await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<PaymentBillDiscrepancy>().CountAsync(d => d.ReportId == report.Id));
        Assert.Equal(0, stored);

        // The bill corrected, a run again completes the same report.
        ServeBill(day, false, Line(payment));
        var again = await (await RunAsync(day)).ReadAs<BillReportDto>();
        Assert.Equal((report.Id.ToString(), "completed", 0L, 2, null), (again.Id, again.Status, again.DiscrepancyCount, again.Attempts, again.LastError));
    }

    [Fact]
    public async Task Two_runs_of_one_date_at_once_leave_one_report()
    {
        var day = PastDay(5);
        var payment = await SucceededPaymentAsync(day, 0);
        ServeBill(day, false, Line(payment, payment.AmountFen - 1));

        var answers = await Task.WhenAll(RunAsync(day), RunAsync(day), RunAsync(day));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, a.StatusCode.ToString()));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        foreach (var conflict in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict))
        {
            await conflict.ShouldBeProblem(HttpStatusCode.Conflict, BillEndpoints.RunInProgress);
        }

        var report = Assert.Single(await ReportsAsync(day));
        Assert.Equal((BillReportStatus.Completed, 1L), (report.Status, report.DiscrepancyCount));
        var stored = await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<PaymentBillDiscrepancy>().CountAsync(d => d.ReportId == report.Id));
        Assert.Equal(1, stored);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_stable_codes()
    {
        var admin = await server.AdminClientAsync();
        var today = ChinaDay.Of(server.Clock.GetUtcNow());
        var invalid = await (await admin.PostAsJsonAsync(BillsUrl, new { provider = "paypal", billDate = "2026-13-01" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(invalid.GetProperty("errors").TryGetProperty("provider", out _));
        Assert.True(invalid.GetProperty("errors").TryGetProperty("billDate", out _));
        await (await RunAsync(ChinaDay.ToText(today))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, BillEndpoints.NotAvailable);
        await (await RunAsync(ChinaDay.ToText(today.AddDays(30)))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, BillEndpoints.NotAvailable);
        await (await RunAsync(PastDay(1), Payment.Alipay)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, BillEndpoints.NotSupported);
        await (await admin.PostRawJsonAsync(BillsUrl, "{\"provider\":\"wechatpay\",")).ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        await (await admin.GetAsync($"{BillsUrl}/123456789")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await admin.GetAsync($"{BillsUrl}?status=unheard")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task Only_operators_read_and_run_bill_reports()
    {
        var customer = await server.CreateUserAsync(Roles.Customer);
        await (await customer.Client.GetAsync(BillsUrl)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await customer.Client.PostAsJsonAsync(BillsUrl, new { provider = Payment.WeChatPay, billDate = PastDay(1) })).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await server.Client.GetAsync(BillsUrl)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");
        var operatorUser = await server.CreateUserAsync(Roles.Operator);
        await (await operatorUser.Client.GetAsync(BillsUrl)).ShouldBe(HttpStatusCode.OK);
    }
}

/// <summary>A server whose WeChat Pay is <see cref="WeChatPayPeer"/> (not the sandbox); the daily schedule is off so only the tests run bills.</summary>
public abstract class BillPeerServer : CirculaServer
{
    public WeChatPayPeer Peer { get; } = new();

    protected override IEnumerable<string> ExtraSettings =>
    [
        .. base.ExtraSettings,
        "Circula:Payments:Bills:Enabled=false",
        "Circula:Payments:WeChatPay:Enabled=true",
        $"Circula:Payments:WeChatPay:MchId={WeChatPayPeer.MchId}",
        $"Circula:Payments:WeChatPay:AppId={WeChatPayPeer.AppId}",
        $"Circula:Payments:WeChatPay:MerchantSerialNumber={WeChatPayPeer.MerchantSerial}",
        $"Circula:Payments:WeChatPay:MerchantPrivateKey={Peer.MerchantKey.ExportPkcs8PrivateKeyPem()}",
        "Circula:Payments:WeChatPay:ApiV3Key=0123456789abcdefghijklmnopqrstuv",
        $"Circula:Payments:WeChatPay:WeChatPayPublicKeyId={WeChatPayPeer.PublicKeyId}",
        $"Circula:Payments:WeChatPay:WeChatPayPublicKey={Peer.PlatformPublicKeyPem}",
        $"Circula:Payments:WeChatPay:BaseUrl={Peer.BaseUrl}",
        "Circula:Payments:WeChatPay:NotifyUrl=https://shop.example.com/api/v1/payments/wechatpay/notify",
    ];

    protected override Task StartDependenciesAsync() => Peer.StartAsync();

    protected override ValueTask StopDependenciesAsync() => Peer.DisposeAsync();
}

public sealed class BillPeerSqliteServer : BillPeerServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class BillPeerPostgresServer : BillPeerServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class BillReconciliationTestsOnSqlite(BillPeerSqliteServer server) : BillReconciliationTests<BillPeerSqliteServer>(server);

public sealed class BillReconciliationTestsOnPostgres(BillPeerPostgresServer server) : BillReconciliationTests<BillPeerPostgresServer>(server);
