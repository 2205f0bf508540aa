using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Payments.Contracts;
using Circula.Payments;
using Circula.Payments.Bills;
using Circula.Payments.WeChatPay;
using Circula.Sandbox.WeChatPay;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;
using Circula.Tests.Payments.WeChatPay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Payments.Bills;

/// <summary>
/// WeChat Pay bill reconciliation over HTTP against <see cref="WeChatPayPeer"/>, which serves the trade bill only to requests
/// whose Authorization verifies. Each test takes its own past China day, so they share one server.
/// </summary>
public abstract class BillReconciliationTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : BillPeerServer
{
    private string PastDay(int daysAgo) => server.PastDay(daysAgo);

    private Task<Payment> SucceededPaymentAsync(string day, int minutes, long priceFen = 2590) =>
        server.SucceededPaymentAsync(WeChatPayProvider.Name, day, minutes, priceFen);

    private static TradeBillLine Line(Payment payment, long? amountFen = null) =>
        new(payment.SucceededAt!.Value, WeChatPayPeer.AppId, WeChatPayPeer.MchId, payment.ProviderTransactionId!, payment.OutTradeNo, "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
            "NATIVE", amountFen ?? payment.AmountFen);

    private void ServeBill(string day, bool wrongHash, params TradeBillLine[] lines) =>
        server.WeChatPay.Bills[day] = new WeChatPayPeer.PeerBill(WeChatPayTradeBillWriter.Write(lines), wrongHash);

    private Task<HttpResponseMessage> RunAsync(string day) => server.RunBillAsync(WeChatPayProvider.Name, day);

    private Task<List<PaymentBillReport>> ReportsAsync(string day) => server.BillReportsAsync(WeChatPayProvider.Name, day);

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
        var bill = Assert.Single(server.WeChatPay.Calls, c => c.Target == $"/v3/bill/tradebill?bill_date={day}&bill_type=ALL");
        var download = Assert.Single(server.WeChatPay.Calls, c => c.Target == $"/v3/billdownload/file?token=bill-{day}");
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

        var read = await (await (await server.AdminClientAsync()).GetAsync($"{BillTestSteps.BillsUrl}/{report.Id}")).ReadAs<BillReportDto>();
        // PostgreSQL keeps microseconds, the run's answer had the clock's ticks.
        Assert.Equal(report with { Discrepancies = null, CompletedAt = null }, read with { Discrepancies = null, CompletedAt = null });
        Assert.Equal(3, read.Discrepancies!.Count);
        var listed = await (await (await server.AdminClientAsync()).GetAsync($"{BillTestSteps.BillsUrl}?provider=wechatpay&status=completed&pageSize=100")).ReadAs<JsonElement>();
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
        Assert.Equal(0, await server.StoredDiscrepanciesAsync(report.Id));

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
            await conflict.ShouldBeProblem(HttpStatusCode.Conflict, BillReconciliation.RunInProgress);
        }

        var report = Assert.Single(await ReportsAsync(day));
        Assert.Equal((BillReportStatus.Completed, 1L), (report.Status, report.DiscrepancyCount));
        Assert.Equal(1, await server.StoredDiscrepanciesAsync(report.Id));
    }

    [Fact]
    public async Task A_report_held_by_a_run_reads_as_running_until_the_run_lets_go()
    {
        var day = PastDay(6);
        var payment = await SucceededPaymentAsync(day, 0);
        ServeBill(day, false, Line(payment));
        var done = await (await RunAsync(day)).ReadAs<BillReportDto>();
        Assert.False(done.Running);
        var id = long.Parse(done.Id, System.Globalization.CultureInfo.InvariantCulture);
        // Another replica's run holding the report: its claim runs into the future.
        await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<PaymentBillReport>().Where(r => r.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimedBy, "other").SetProperty(r => r.ClaimedUntil, server.Clock.GetUtcNow().UtcDateTime.AddMinutes(5))));
        var admin = await server.AdminClientAsync();

        Assert.True((await (await admin.GetAsync($"{BillTestSteps.BillsUrl}/{done.Id}")).ReadAs<BillReportDto>()).Running);
        var listed = await (await admin.GetAsync($"{BillTestSteps.BillsUrl}?provider={WeChatPayProvider.Name}&pageSize=100")).ReadAs<JsonElement>();
        Assert.True(listed.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("id").GetString() == done.Id).GetProperty("running").GetBoolean());
        await (await RunAsync(day)).ShouldBeProblem(HttpStatusCode.Conflict, BillReconciliation.RunInProgress);

        await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<PaymentBillReport>().Where(r => r.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimedUntil, server.Clock.GetUtcNow().UtcDateTime.AddSeconds(-1))));
        Assert.False((await (await admin.GetAsync($"{BillTestSteps.BillsUrl}/{done.Id}")).ReadAs<BillReportDto>()).Running);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_stable_codes()
    {
        var admin = await server.AdminClientAsync();
        var today = ChinaDay.Of(server.Clock.GetUtcNow());
        var invalid = await (await admin.PostAsJsonAsync(BillTestSteps.BillsUrl, new { provider = "paypal", billDate = "2026-13-01" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(invalid.GetProperty("errors").TryGetProperty("provider", out _));
        Assert.True(invalid.GetProperty("errors").TryGetProperty("billDate", out _));
        await (await RunAsync(ChinaDay.ToText(today))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, BillReconciliation.NotAvailable);
        await (await RunAsync(ChinaDay.ToText(today.AddDays(30)))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, BillReconciliation.NotAvailable);
        await (await admin.PostRawJsonAsync(BillTestSteps.BillsUrl, "{\"provider\":\"wechatpay\",")).ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        await (await admin.GetAsync($"{BillTestSteps.BillsUrl}/123456789")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await admin.GetAsync($"{BillTestSteps.BillsUrl}?status=unheard")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task Only_operators_read_and_run_bill_reports()
    {
        var customer = await server.CreateUserAsync(Roles.Customer);
        await (await customer.Client.GetAsync(BillTestSteps.BillsUrl)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await customer.Client.PostAsJsonAsync(BillTestSteps.BillsUrl, new { provider = WeChatPayProvider.Name, billDate = PastDay(1) })).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await server.Client.GetAsync(BillTestSteps.BillsUrl)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");
        var operatorUser = await server.CreateUserAsync(Roles.Operator);
        await (await operatorUser.Client.GetAsync(BillTestSteps.BillsUrl)).ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class BillReconciliationTestsOnSqlite(BillPeerSqliteServer server) : BillReconciliationTests<BillPeerSqliteServer>(server);

public sealed class BillReconciliationTestsOnPostgres(BillPeerPostgresServer server) : BillReconciliationTests<BillPeerPostgresServer>(server);
