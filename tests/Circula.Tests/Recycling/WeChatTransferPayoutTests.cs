using System.Net;
using System.Net.Http.Json;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Payments.WeChatPay;
using Circula.Recycling.Contracts;
using Circula.Shared;
using Circula.Tests.Infrastructure;
using Circula.Tests.Payments;
using Circula.Tests.Payments.Bills;
using Circula.Tests.Payments.WeChatPay;

namespace Circula.Tests.Recycling;

/// <summary>
/// Paying a completed pickup by WeChat Pay merchant transfer against the loopback WeChat Pay (which checks our request
/// signatures and signs its answers and notifications): processing while the customer confirms, paid by the SUCCESS
/// notification exactly once however often and however concurrently it comes, refused on FAIL or CANCELLED with the
/// balance still owed, forged notifications refused, a lost notification settled by the query job, the cap and the
/// WeChat binding checked at completion, the admin list.
/// </summary>
public abstract class WeChatTransferPayoutTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : TransferPeerServer
{
    private WeChatPayPeer Peer => server.WeChatPay;

    [Fact]
    public async Task A_transfer_waits_for_the_customer_then_the_success_notification_pays_it_once_even_sent_ten_times_at_once()
    {
        var (customer, booked) = await CompletedAsync();
        var waiting = await WaitingAsync(customer, booked);
        Assert.Equal((WeChatPayPeer.MchId, WeChatPayPeer.AppId, "affffddafdfafddffda==wxPO" + booked.Id), (waiting.Confirmation!.MchId, waiting.Confirmation.AppId,
            waiting.Confirmation.Package));
        var create = Assert.Single(Peer.Calls, c => c.Target == WeChatPayClient.TransferBillsPath && c.Body.Contains("PO" + booked.Id, StringComparison.Ordinal));
        Assert.Null(create.Rejection);
        Assert.Contains("\"transfer_amount\":742", create.Body, StringComparison.Ordinal);
        Assert.Contains($"\"openid\":\"{OpenId(customer)}\"", create.Body, StringComparison.Ordinal);
        Assert.Equal(742, (await BalanceAsync(customer)).BalanceFen);

        Peer.Transfers["PO" + booked.Id] = (WeChatPayTransferBill.Success, 742);
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => NotifyAsync(booked, WeChatPayTransferBill.Success)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NoContent, a.StatusCode));
        var paid = await PayoutAsync(customer, booked);
        Assert.Equal(("paid", "1330000071100999991182020050700019480001"), (paid.Status, paid.Reference));
        Assert.Null(paid.Confirmation);
        var balance = await BalanceAsync(customer);
        Assert.Equal(0, balance.BalanceFen);
        Assert.Equal([("payout", -742L), ("recycling_proceeds", 742L)], balance.Entries.Select(e => (e.Reason, e.AmountFen)));
        var changes = (await server.OutboxEventsAsync<PayoutStatusChanged>()).Where(e => e.AppointmentId.Value == long.Parse(booked.Id));
        Assert.Equal([(PayoutStatus.Requested, PayoutStatus.Processing), (PayoutStatus.Processing, PayoutStatus.Paid)], changes.Select(e => (e.From, e.To)).Order());
        Assert.Equal(2L, Convert.ToInt64(await server.Database.ScalarAsync(
            $"SELECT COUNT(*) FROM recycling_payout_history WHERE appointment_id = {booked.Id}")));
        Assert.Equal(1L, Convert.ToInt64(await server.Database.ScalarAsync(
            $"SELECT COUNT(*) FROM recycling_payout_history WHERE appointment_id = {booked.Id} AND from_status = 'Processing' AND to_status = 'Paid' " +
            "AND \"trigger\" = 'Pay' AND actor = 'System'")));
        Assert.Equal(1L, Convert.ToInt64(await server.Database.ScalarAsync(
            $"SELECT COUNT(*) FROM recycling_payout_notifications WHERE appointment_id = {booked.Id}")));
        Assert.Equal(HttpStatusCode.NoContent, (await NotifyAsync(booked, WeChatPayTransferBill.Success)).StatusCode);
        Assert.True(await server.CountedAsync("circula_recycling_payouts_finished_total", "provider=\"wechat-transfer\"", "result=\"paid\"") >= 1);
    }

    [Theory]
    [InlineData(WeChatPayTransferBill.Fail)]
    [InlineData(WeChatPayTransferBill.Cancelled)]
    public async Task A_failed_or_cancelled_transfer_refuses_the_payout_and_the_balance_still_owes_it(string state)
    {
        var (customer, booked) = await CompletedAsync();
        await WaitingAsync(customer, booked);

        Peer.Transfers["PO" + booked.Id] = (state, 742);
        Assert.Equal(HttpStatusCode.NoContent, (await NotifyAsync(booked, state)).StatusCode);

        var refused = await PayoutAsync(customer, booked);
        Assert.Equal("refused", refused.Status);
        Assert.Contains(state == WeChatPayTransferBill.Fail ? "failed" : "cancelled", refused.RefusedReason, StringComparison.Ordinal);
        var balance = await BalanceAsync(customer);
        Assert.Equal(742L, balance.BalanceFen);
        Assert.Equal(["recycling_proceeds"], balance.Entries.Select(e => e.Reason));
        Peer.Transfers["PO" + booked.Id] = (WeChatPayTransferBill.Success, 742);
        Assert.Equal(HttpStatusCode.BadRequest, (await NotifyAsync(booked, WeChatPayTransferBill.Success, id: "EV-late-" + booked.Id)).StatusCode);
        Assert.Equal("refused", (await PayoutAsync(customer, booked)).Status);
    }

    [Fact]
    public async Task A_forged_stale_or_foreign_notification_is_refused_and_changes_nothing()
    {
        var (customer, booked) = await CompletedAsync();
        await WaitingAsync(customer, booked);
        Peer.Transfers["PO" + booked.Id] = (WeChatPayTransferBill.Success, 742);

        var (header, body) = Peer.TransferNotification("PO" + booked.Id, WeChatPayTransferBill.Success);
        var tampered = (byte[])body.Clone();
        tampered[^3] ^= 1;
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostNotificationAsync(header, tampered)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostNotificationAsync(name => name == WeChatPaySignatureHeaders.TimestampHeader
            ? (long.Parse(header(name)!) - 600).ToString(System.Globalization.CultureInfo.InvariantCulture) : header(name), body)).StatusCode);
        var foreign = Peer.TransferNotification("PO" + booked.Id, WeChatPayTransferBill.Success, mchId: "1900000109");
        Assert.Equal(HttpStatusCode.BadRequest, (await PostNotificationAsync(foreign.Header, foreign.Body)).StatusCode);
        Peer.Transfers["PO" + booked.Id] = (WeChatPayTransferBill.Success, 1);
        Assert.Equal(HttpStatusCode.BadRequest, (await NotifyAsync(booked, WeChatPayTransferBill.Success)).StatusCode);

        Assert.Equal("processing", (await PayoutAsync(customer, booked)).Status);
        Assert.Equal(742, (await BalanceAsync(customer)).BalanceFen);
        Assert.Equal(0L, Convert.ToInt64(await server.Database.ScalarAsync($"SELECT COUNT(*) FROM recycling_payout_notifications WHERE appointment_id = {booked.Id}")));
    }

    [Fact]
    public async Task A_lost_notification_is_settled_by_the_query_job_once_the_payout_has_waited_long_enough()
    {
        var (customer, booked) = await CompletedAsync();
        await WaitingAsync(customer, booked);
        Peer.Transfers["PO" + booked.Id] = (WeChatPayTransferBill.Success, 742);

        // A few rounds of the job (it polls every 100 ms) before the payout is due ask WeChat Pay nothing.
        await Task.Delay(300);
        Assert.Equal("processing", (await PayoutAsync(customer, booked)).Status);
        Assert.DoesNotContain(Peer.Calls, c => c.Method == "GET" && c.Target == WeChatPayClient.TransferBillPath("PO" + booked.Id));
        await server.AdvanceClockAsync(TimeSpan.FromMinutes(4));
        await server.EventuallyAsync(async () => (await PayoutAsync(customer, booked)).Status == "paid");

        Assert.Equal(0, (await BalanceAsync(customer)).BalanceFen);
        Assert.Contains(Peer.Calls, c => c.Method == "GET" && c.Target == WeChatPayClient.TransferBillPath("PO" + booked.Id) && c.Rejection is null);
    }

    [Fact]
    public async Task Completing_twice_at_once_makes_one_transfer_and_the_method_is_checked_at_completion()
    {
        var customer = await WeChatCustomerAsync();
        var (collector, booked) = await server.WeighedPickupAsync(customer);
        var completions = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => collector.TaskAsync(booked, "complete", new { payoutMethod = "wechat-transfer" })));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], completions.Select(c => c.StatusCode).Order());
        await WaitingAsync(customer, booked);
        Assert.Single(Peer.Calls, c => c.Target == WeChatPayClient.TransferBillsPath && c.Body.Contains("PO" + booked.Id, StringComparison.Ordinal));
        Assert.Single(await server.OutboxEventsAsync<PayoutRequested>(), e => e.AppointmentId.Value == long.Parse(booked.Id));

        var notBound = await server.CreateUserAsync(Roles.Customer);
        var (otherCollector, unbound) = await server.WeighedPickupAsync(notBound);
        var refused = await (await otherCollector.TaskAsync(unbound, "complete", new { payoutMethod = "wechat-transfer" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["payoutMethod"], refused.GetProperty("errors").EnumerateObject().Select(p => p.Name));

        var bigCustomer = await WeChatCustomerAsync();
        var (bigCollector, big) = await server.WeighedPickupAsync(bigCustomer, kilograms: 1500m);
        await (await bigCustomer.Client.PostAsync($"/api/v1/recycling/appointments/{big.Id}/accept-price")).ShouldBe(HttpStatusCode.OK);
        var overCap = await (await bigCollector.TaskAsync(big, "complete", new { payoutMethod = "wechat-transfer" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Contains("199999", overCap.GetProperty("errors").GetProperty("payoutMethod")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_customer_never_sees_a_payout_and_operators_list_them_by_status_and_appointment()
    {
        var (customer, booked) = await CompletedAsync();
        await WaitingAsync(customer, booked);
        var stranger = await WeChatCustomerAsync();
        await (await stranger.Client.GetAsync($"/api/v1/recycling/appointments/{booked.Id}/payout")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await customer.Client.GetAsync("/api/v1/admin/recycling/payouts")).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");

        using var admin = await server.AdminClientAsync();
        var page = await (await admin.GetAsync($"/api/v1/admin/recycling/payouts?status=processing&appointmentId={booked.Id}"))
            .ReadAs<PagedList<PayoutDto>>();
        Assert.Equal((1L, booked.Id, "wechat-transfer"), (page.Total, page.Items.Single().AppointmentId, page.Items.Single().Provider));
        Assert.Equal(0L, (await (await admin.GetAsync($"/api/v1/admin/recycling/payouts?status=paid&appointmentId={booked.Id}")).ReadAs<PagedList<PayoutDto>>()).Total);
        var invalid = await (await admin.GetAsync("/api/v1/admin/recycling/payouts?status=lost&appointmentId=x&pageSize=0"))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["appointmentId", "pageSize", "status"], invalid.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
    }

    private Task<SignedInUser> WeChatCustomerAsync() => server.WeChatCustomerAsync();

    private static string OpenId(SignedInUser customer) => TransferPayoutTestApi.OpenId(customer);

    private Task<(SignedInUser Customer, AppointmentDto Booked)> CompletedAsync() => server.CompletedByTransferAsync();

    private Task<PayoutDto> WaitingAsync(SignedInUser customer, AppointmentDto booked) => server.WaitingTransferAsync(customer, booked);

    private static Task<PayoutDto> PayoutAsync(SignedInUser customer, AppointmentDto booked) => customer.PayoutAsync(booked);

    private static async Task<BalanceDto> BalanceAsync(SignedInUser customer) =>
        await (await customer.Client.GetAsync("/api/v1/recycling/balance")).ReadAs<BalanceDto>();

    private Task<HttpResponseMessage> NotifyAsync(AppointmentDto booked, string state, string? id = null)
    {
        var (header, body) = Peer.TransferNotification("PO" + booked.Id, state, id: id);
        return server.Client.PostTransferNotificationAsync(header, body);
    }

    private Task<HttpResponseMessage> PostNotificationAsync(Func<string, string?> header, byte[] body) => server.Client.PostTransferNotificationAsync(header, body);
}

/// <summary>
/// The loopback WeChat Pay server with processing payouts asked about after 3 minutes: the peer checks our signatures'
/// timestamps against its own clock (5 minutes at most), so the test clock may run only a little ahead.
/// </summary>
public abstract class TransferPeerServer : BillPeerServer
{
    protected override IEnumerable<string> ExtraSettings => [.. base.ExtraSettings, "Circula:Recycling:PayoutQueryAfter=00:03:00"];

    /// <summary>This server's WeChat Pay settings for a <see cref="ServerProcess"/> (without the Circula: prefix), so a second process talks to the same peer.</summary>
    public string[] WeChatPaySettings =>
        ExtraSettings.Where(s => s.StartsWith("Circula:Payments:WeChatPay:", StringComparison.Ordinal)).Select(s => s["Circula:".Length..]).ToArray();
}

/// <summary>What the transfer payout tests share: WeChat customers, completed pickups waiting for them, notifications posted as WeChat Pay posts them.</summary>
public static class TransferPayoutTestApi
{
    public static string OpenId(SignedInUser customer) => "o-test-" + customer.Id;

    /// <summary>A customer bound to a WeChat openid, as a WeChat sign-in would leave them.</summary>
    public static async Task<SignedInUser> WeChatCustomerAsync(this CirculaServer server)
    {
        var customer = await server.CreateUserAsync(Roles.Customer);
        await server.Database.ExecuteAsync($"UPDATE users SET wechat_openid = '{OpenId(customer)}' WHERE id = {customer.Id}");
        return customer;
    }

    /// <summary>A WeChat customer's pickup weighed at 742 fen and completed with a WeChat transfer.</summary>
    public static async Task<(SignedInUser Customer, AppointmentDto Booked)> CompletedByTransferAsync(this CirculaServer server)
    {
        var customer = await server.WeChatCustomerAsync();
        var (collector, booked) = await server.WeighedPickupAsync(customer);
        await (await collector.TaskAsync(booked, "complete", new { payoutMethod = "wechat-transfer" })).ShouldBe(HttpStatusCode.OK);
        return (customer, booked);
    }

    /// <summary>The payout once its transfer waits for the customer.</summary>
    public static async Task<PayoutDto> WaitingTransferAsync(this CirculaServer server, SignedInUser customer, AppointmentDto booked)
    {
        await server.EventuallyAsync(async () => (await customer.PayoutAsync(booked)).Status == "processing");
        return await customer.PayoutAsync(booked);
    }

    public static async Task<PayoutDto> PayoutAsync(this SignedInUser customer, AppointmentDto booked) =>
        await (await customer.Client.GetAsync($"/api/v1/recycling/appointments/{booked.Id}/payout")).ReadAs<PayoutDto>();

    /// <summary>Posts a transfer notification to our notify endpoint with the Wechatpay-* headers, as WeChat Pay does.</summary>
    public static async Task<HttpResponseMessage> PostTransferNotificationAsync(this HttpClient client, Func<string, string?> header, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, WeChatPayEndpoints.TransferNotifyPath) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        foreach (var name in new[] { WeChatPaySignatureHeaders.TimestampHeader, WeChatPaySignatureHeaders.NonceHeader, WeChatPaySignatureHeaders.SignatureHeader,
                     WeChatPaySignatureHeaders.SerialHeader })
        {
            request.Headers.TryAddWithoutValidation(name, header(name));
        }

        return await client.SendAsync(request);
    }
}

public sealed class TransferPeerSqliteServer : TransferPeerServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class TransferPeerPostgresServer : TransferPeerServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public sealed class WeChatTransferPayoutTestsOnSqlite(TransferPeerSqliteServer server) : WeChatTransferPayoutTests<TransferPeerSqliteServer>(server);

public sealed class WeChatTransferPayoutTestsOnPostgres(TransferPeerPostgresServer server) : WeChatTransferPayoutTests<TransferPeerPostgresServer>(server);

/// <summary>Two server processes on one PostgreSQL database receiving the same transfer notification at once, as replicas behind a load balancer.</summary>
public sealed class TwoProcessTransferNotifyTests(TransferPeerPostgresServer server) : IClassFixture<TransferPeerPostgresServer>
{
    [Fact]
    public async Task A_notification_delivered_to_two_processes_at_once_pays_once()
    {
        var (customer, booked) = await server.CompletedByTransferAsync();
        await server.WaitingTransferAsync(customer, booked);
        server.WeChatPay.Transfers["PO" + booked.Id] = (WeChatPayTransferBill.Success, 742);
        var (header, body) = server.WeChatPay.TransferNotification("PO" + booked.Id, WeChatPayTransferBill.Success);

        await using var first = await ServerProcess.StartAsync(server, server.WeChatPaySettings);
        await using var second = await ServerProcess.StartAsync(server, server.WeChatPaySettings);
        var clients = new[] { first.CreateClient(), second.CreateClient() };
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => clients[i % 2].PostTransferNotificationAsync(header, body)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NoContent, a.StatusCode));
        Assert.Equal("paid", (await customer.PayoutAsync(booked)).Status);
        Assert.Equal(1L, Convert.ToInt64(await server.Database.ScalarAsync(
            $"SELECT COUNT(*) FROM recycling_ledger_entries WHERE appointment_id = {booked.Id} AND reason = 'payout'")));
        Assert.Single(await server.OutboxEventsAsync<PayoutStatusChanged>(), e => e.AppointmentId.Value == long.Parse(booked.Id) && e.To == PayoutStatus.Paid);
    }
}
