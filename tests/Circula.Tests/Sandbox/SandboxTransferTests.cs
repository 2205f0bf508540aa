using System.Net;
using System.Net.Http.Json;
using Circula.Tests.Infrastructure;
using Circula.Tests.Recycling;

namespace Circula.Tests.Sandbox;

public sealed record SandboxTransferConfirmDto(string State, string? NotificationId, string? NotifyUrl, List<Circula.Sandbox.SandboxDelivery> Deliveries);

/// <summary>
/// The demo path of a WeChat transfer payout through the sandbox's WeChat Pay (no merchant configured): the sandbox
/// accepts the signed bill, which waits for the user with a package; "the user confirmed" sends the signed notification
/// (duplicated on request) and the payout is paid once; a failed transfer is refused; a forged copy is refused and the
/// bill still waits.
/// </summary>
public abstract class SandboxTransferTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task The_user_confirming_in_the_sandbox_pays_the_payout_once_even_notified_five_times_at_once()
    {
        var (customer, booked) = await WaitingAsync();
        var waiting = await PayoutAsync(customer, booked);
        Assert.Equal(("1900000001", "sbx_package_PO" + booked.Id), (waiting.Confirmation!.MchId, waiting.Confirmation.Package));

        var confirmed = await (await ConfirmAsync(new { outBillNo = "PO" + booked.Id, duplicates = 5 })).ReadAs<SandboxTransferConfirmDto>();

        Assert.Equal("SUCCESS", confirmed.State);
        Assert.Equal(Enumerable.Repeat(204, 5), confirmed.Deliveries.Select(d => d.Status));
        Assert.EndsWith("/api/v1/payments/wechatpay/transfer-notify", confirmed.NotifyUrl, StringComparison.Ordinal);
        Assert.Equal("paid", (await PayoutAsync(customer, booked)).Status);
        var balance = await (await customer.Client.GetAsync("/api/v1/recycling/balance")).ReadAs<BalanceDto>();
        Assert.Equal((0L, 2), (balance.BalanceFen, balance.Entries.Count));
        await (await ConfirmAsync(new { outBillNo = "PO" + booked.Id })).ShouldBeProblem(HttpStatusCode.Conflict, "transfer_not_waiting");
        await (await ConfirmAsync(new { outBillNo = "PO1" })).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_forged_copy_is_refused_and_a_failed_transfer_refuses_the_payout()
    {
        var (customer, booked) = await WaitingAsync();

        var forged = await (await ConfirmAsync(new { outBillNo = "PO" + booked.Id, corruptSignature = true })).ReadAs<SandboxTransferConfirmDto>();
        Assert.Equal(401, Assert.Single(forged.Deliveries).Status);
        Assert.Equal("processing", (await PayoutAsync(customer, booked)).Status);

        var failed = await (await ConfirmAsync(new { outBillNo = "PO" + booked.Id, fail = true })).ReadAs<SandboxTransferConfirmDto>();
        Assert.Equal(("FAIL", 204), (failed.State, Assert.Single(failed.Deliveries).Status));
        var refused = await PayoutAsync(customer, booked);
        Assert.Equal("refused", refused.Status);
        Assert.Contains("PAYEE_ACCOUNT_ABNORMAL", refused.RefusedReason, StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> ConfirmAsync(object body) => server.Client.PostAsJsonAsync("/sandbox/wechatpay/transfers/confirm", body);

    private async Task<(SignedInUser Customer, AppointmentDto Booked)> WaitingAsync()
    {
        var (customer, booked) = await server.CompletedByTransferAsync();
        await server.WaitingTransferAsync(customer, booked);
        return (customer, booked);
    }

    private static Task<PayoutDto> PayoutAsync(SignedInUser customer, AppointmentDto booked) => customer.PayoutAsync(booked);
}

public sealed class SandboxTransferTestsOnSqlite(SqliteServer server) : SandboxTransferTests<SqliteServer>(server);

public sealed class SandboxTransferTestsOnPostgres(PostgresServer server) : SandboxTransferTests<PostgresServer>(server);
