using System.Net;
using System.Text.Json;
using Circula.Payments.Contracts;
using Circula.Payments;
using Circula.Payments.Alipay;
using Circula.Payments.Bills;
using Circula.Sandbox.Alipay;
using Circula.Tests.Infrastructure;
using Circula.Tests.Payments.Alipay;

namespace Circula.Tests.Payments.Bills;

/// <summary>
/// Alipay bill reconciliation over HTTP against <see cref="AlipayPeer"/>, which answers the signed bill URL query only when our
/// RSA2 signature verifies, signs its answer, and serves the GBK zip unsigned. Each test takes its own past China day.
/// </summary>
public abstract class AlipayBillReconciliationTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : BillPeerServer
{
    private static AlipayBillLine Line(Payment payment, long? amountFen = null) =>
        new(payment.SucceededAt!.Value, payment.ProviderTransactionId!, payment.OutTradeNo, amountFen ?? payment.AmountFen);

    private static AlipayBillLine RefundLine(Payment payment, Refund refund) =>
        new(refund.SucceededAt!.Value, payment.ProviderTransactionId!, payment.OutTradeNo, refund.AmountFen, refund.OutRefundNo);

    private void ServeBill(string day, params AlipayBillLine[] lines)
    {
        ChinaDay.TryParse(day, out var date);
        server.Alipay.Bills[day] = AlipayTradeBillWriter.WriteZip("2088102177846880", date, lines);
    }

    private Task<HttpResponseMessage> RunAsync(string day) => server.RunBillAsync(AlipayProvider.Name, day);

    [Fact]
    public async Task A_day_that_matches_with_a_refund_completes_without_discrepancies_and_the_bill_url_query_is_signed()
    {
        var day = server.PastDay(2);
        var first = await server.SucceededPaymentAsync(AlipayProvider.Name, day, 0);
        var second = await server.SucceededPaymentAsync(AlipayProvider.Name, day, 5, 1290);
        var refund = await server.SucceededRefundAsync(first, TimeSpan.FromHours(1));
        ServeBill(day, Line(first), Line(second), RefundLine(first, refund));

        var report = await (await RunAsync(day)).ReadAs<BillReportDto>();

        Assert.Equal(("completed", 0L, 3L, 1), (report.Status, report.DiscrepancyCount, report.MatchedCount, report.Attempts));
        Assert.Equal(new BillTotalsDto(2, first.AmountFen + second.AmountFen, 1, refund.AmountFen), report.Bill);
        Assert.Equal(report.Bill, report.Local);
        var (fields, signatureValid) = Assert.Single(server.Alipay.Calls, c => c.Fields["method"] == AlipayClient.BillDownloadUrlMethod &&
            c.Fields["biz_content"].Contains(day, StringComparison.Ordinal));
        Assert.True(signatureValid);
        Assert.Equal($$"""{"bill_type":"trade","bill_date":"{{day}}"}""", fields["biz_content"]);
        Assert.Single(server.Alipay.Downloads, d => d.Contains($"date={day}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_extra_trade_a_missing_one_and_another_amount_are_three_discrepancies_and_an_alert()
    {
        var day = server.PastDay(3);
        var matched = await server.SucceededPaymentAsync(AlipayProvider.Name, day, 0);
        var notInBill = await server.SucceededPaymentAsync(AlipayProvider.Name, day, 1);
        var otherAmount = await server.SucceededPaymentAsync(AlipayProvider.Name, day, 2);
        ServeBill(day, Line(matched), Line(otherAmount, otherAmount.AmountFen - 90),
            new AlipayBillLine(matched.SucceededAt!.Value.AddMinutes(30), "2026060122001400009999999999", "P9999999999999999999", 880));

        var report = await (await RunAsync(day)).ReadAs<BillReportDto>();

        Assert.Equal(("completed", 3L, 1L), (report.Status, report.DiscrepancyCount, report.MatchedCount));
        var found = report.Discrepancies!.Select(d => (d.Kind, d.OutTradeNo, d.BillAmountFen, d.LocalAmountFen)).OrderBy(d => d.Kind).ToList();
        Assert.Equal(
        [
            ("amount_mismatch", otherAmount.OutTradeNo, otherAmount.AmountFen - 90, otherAmount.AmountFen),
            ("missing_at_provider", notInBill.OutTradeNo, null, notInBill.AmountFen),
            ("missing_locally", "P9999999999999999999", 880, null),
        ], found);
        var alert = Assert.Single(await server.OutboxPayloadsAsync(PaymentBillDiscrepanciesFound.EventType), p => p.Contains(report.Id, StringComparison.Ordinal));
        Assert.Equal(AlipayProvider.Name, JsonDocument.Parse(alert).RootElement.GetProperty("provider").GetString());
    }

    [Fact]
    public async Task A_day_without_a_bill_fails_the_run_with_alipays_reason_and_is_left_for_a_retry()
    {
        var day = server.PastDay(4);

        var problem = await (await RunAsync(day)).ShouldBeProblem(HttpStatusCode.BadGateway, BillUnavailableException.ProviderError);

        Assert.Contains(AlipayError.BillNotExist, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var report = Assert.Single(await server.BillReportsAsync(AlipayProvider.Name, day));
        Assert.Equal((BillReportStatus.Pending, 1, null), (report.Status, report.Attempts, report.CompletedAt));
        Assert.Contains($"{BillUnavailableException.ProviderError}: {AlipayClient.BillDownloadUrlMethod} failed: Business 40004 {AlipayError.BillNotExist}", report.LastError,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_download_that_is_not_a_bill_zip_is_malformed_and_nothing_is_compared()
    {
        var day = server.PastDay(5);
        server.Alipay.Bills[day] = "<html>expired</html>"u8.ToArray();

        await (await RunAsync(day)).ShouldBeProblem(HttpStatusCode.BadGateway, BillUnavailableException.Malformed);

        var report = Assert.Single(await server.BillReportsAsync(AlipayProvider.Name, day));
        Assert.Equal((BillReportStatus.Pending, 0), (report.Status, await server.StoredDiscrepanciesAsync(report.Id)));
    }
}

public sealed class AlipayBillReconciliationTestsOnSqlite(BillPeerSqliteServer server) : AlipayBillReconciliationTests<BillPeerSqliteServer>(server);

public sealed class AlipayBillReconciliationTestsOnPostgres(BillPeerPostgresServer server) : AlipayBillReconciliationTests<BillPeerPostgresServer>(server);
