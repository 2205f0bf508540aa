using System.Net;
using System.Net.Http.Json;
using Circula.Payments;
using Circula.Payments.Alipay;
using Circula.Payments.Contracts;
using Circula.Payments.WeChatPay;
using Circula.Sandbox.WeChatPay;
using Circula.Tests.Infrastructure;
using Circula.Tests.Payments;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Sandbox;

/// <summary>
/// The sandboxes keep what they know in the database, as the real providers keep it on their side: a payment started
/// before a restart, or on another replica, is paid, queried, closed, refunded and billed as if nothing had happened.
/// </summary>
public abstract class SandboxStateTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task A_wechat_pay_prepay_made_before_a_restart_is_paid_through_the_sandbox_after_it()
    {
        var (order, payment) = await server.PendingPaymentAsync(WeChatPayProvider.Name, 2590);

        await server.RestartAsync();
        var paid = await server.Client.SandboxPayAsync(WeChatPayProvider.Name, new { outTradeNo = payment.OutTradeNo });

        Assert.Equal(204, Assert.Single(paid.Deliveries).Status);
        var row = await server.PaymentRowAsync(payment.Id);
        Assert.Equal((PaymentStatus.Succeeded, paid.TransactionId), (row.Status, row.ProviderTransactionId));
        Assert.Equal("paid", (await server.OrderAsAdminAsync(order.Id)).Status);

        await server.RestartAsync();
        var queried = (await server.Services.GetRequiredService<WeChatPayClient>().QueryByOutTradeNoAsync(payment.OutTradeNo, CancellationToken.None)).Value!;
        Assert.Equal((WeChatPayTransaction.Success, paid.TransactionId, 2590L), (queried.TradeState, queried.TransactionId, queried.Amount?.Total));
    }

    [Fact]
    public async Task A_trade_started_on_one_replica_is_paid_closed_and_queried_through_the_other()
    {
        await using var replica = await server.StartReplicaAsync();
        using var replicaClient = new HttpClient { BaseAddress = replica.BaseAddress };

        var (order, paidOnReplica) = await server.PendingPaymentAsync(WeChatPayProvider.Name);
        var paid = await replicaClient.SandboxPayAsync(WeChatPayProvider.Name, new { outTradeNo = paidOnReplica.OutTradeNo });
        Assert.Equal(204, Assert.Single(paid.Deliveries).Status);
        Assert.Equal("paid", (await server.OrderAsAdminAsync(order.Id)).Status);

        var (_, closedOnReplica) = await server.PendingPaymentAsync(WeChatPayProvider.Name);
        Assert.True((await replica.Services.GetRequiredService<WeChatPayClient>().CloseAsync(closedOnReplica.OutTradeNo, CancellationToken.None)).Succeeded);
        await (await server.Client.PostAsJsonAsync("/sandbox/wechatpay/pay", new { outTradeNo = closedOnReplica.OutTradeNo }))
            .ShouldBeProblem(HttpStatusCode.Conflict, WeChatPaySandbox.SandboxTradeClosed);

        var (_, alipayPayment) = await server.PendingPaymentAsync(AlipayProvider.Name);
        var alipayPaid = await replicaClient.SandboxPayAsync(AlipayProvider.Name, new { outTradeNo = alipayPayment.OutTradeNo, dropNotification = true });
        var alipayQueried = await server.Services.GetRequiredService<AlipayClient>().QueryAsync(alipayPayment.OutTradeNo, CancellationToken.None);
        Assert.Equal((AlipayTradeStatus.TradeSuccess, alipayPaid.TransactionId), (alipayQueried.Value!.TradeStatus, alipayQueried.Value.TradeNo));
    }
}

public sealed class SandboxStateTestsOnSqlite(SqliteServer server) : SandboxStateTests<SqliteServer>(server);

public sealed class SandboxStateTestsOnPostgres(PostgresServer server) : SandboxStateTests<PostgresServer>(server);
