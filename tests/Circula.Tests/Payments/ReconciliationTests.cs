using System.Net;
using System.Net.Http.Json;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Payments;
using Circula.Payments.Alipay;
using Circula.Payments.Contracts;
using Circula.Payments.Providers;
using Circula.Payments.WeChatPay;
using Circula.Shared;
using Circula.Shared.Ids;
using Circula.Shared.Outbox;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Payments;

/// <summary>
/// Reconciliation of lost callbacks through both sandboxes: the sandbox marks the trade paid without notifying us
/// (<c>dropNotification</c>), and the worker finds it by querying once the payment has been Pending for ReconcileAfter.
/// </summary>
public abstract class ReconciliationTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private static readonly TimeSpan ReconcileAfter = ReconcilingServer.ReconcileAfter;

    private async Task<SandboxPayDto> PayWithoutNotificationAsync(string provider, PaymentDto payment)
    {
        var paid = await (await server.Client.PostAsJsonAsync($"/sandbox/{provider}/pay", new { outTradeNo = payment.OutTradeNo, dropNotification = true }))
            .ReadAs<SandboxPayDto>();
        Assert.Empty(paid.Deliveries);
        return paid;
    }

    private async Task AssertPaidOnceByReconciliationAsync(OrderDto order, PaymentDto payment, SandboxPayDto paid)
    {
        var row = await server.PaymentRowAsync(payment.Id);
        Assert.Equal((PaymentStatus.Succeeded, paid.TransactionId), (row.Status, row.ProviderTransactionId));
        var after = await server.OrderAsAdminAsync(order.Id);
        Assert.Equal("paid", after.Status);
        var history = Assert.Single(after.History, h => h.To == "paid");
        Assert.Equal("system", history.Actor);
        var notification = Assert.Single(await server.NotificationsAsync(payment.OutTradeNo));
        Assert.Equal(("query:" + paid.TransactionId, TradeQuery.EventType, NotificationOutcomes.Paid),
            (notification.NotificationId, notification.EventType, notification.Outcome));
        Assert.Equal(1, await server.PaymentTransitionsAsync(payment.OutTradeNo, PaymentStatus.Succeeded));
    }

    [Theory]
    [InlineData(WeChatPayProvider.Name)]
    [InlineData(AlipayProvider.Name)]
    public async Task A_lost_notification_is_recovered_once_the_payment_has_been_pending_for_reconcile_after(string provider)
    {
        var (order, payment) = await server.PendingPaymentAsync(provider, 3190);
        var paid = await PayWithoutNotificationAsync(provider, payment);
        Assert.Equal(PaymentStatus.Pending, (await server.PaymentRowAsync(payment.Id)).Status);
        Assert.Empty(await server.NotificationsAsync(payment.OutTradeNo));

        await server.AdvanceClockAsync(ReconcileAfter + TimeSpan.FromSeconds(1));
        await server.EventuallyAsync(async () => (await server.PaymentRowAsync(payment.Id)).Status == PaymentStatus.Succeeded);

        await AssertPaidOnceByReconciliationAsync(order, payment, paid);
    }

    [Theory]
    [InlineData(WeChatPayProvider.Name)]
    [InlineData(AlipayProvider.Name)]
    public async Task Two_replicas_reconciling_at_once_apply_the_payment_exactly_once(string provider)
    {
        await using var replica = await server.StartReplicaAsync();
        var payments = new List<(OrderDto Order, PaymentDto Payment, SandboxPayDto Paid)>();
        for (var i = 0; i < 6; i++)
        {
            var (order, payment) = await server.PendingPaymentAsync(provider, 3190);
            payments.Add((order, payment, await PayWithoutNotificationAsync(provider, payment)));
        }

        await server.AdvanceClockAsync(ReconcileAfter + TimeSpan.FromSeconds(1));
        await replica.Services.GetRequiredService<WorkerIdLease>().RenewAsync(CancellationToken.None);
        // A replica whose id lease lapsed at the jump fails its first look; moving on lets that payment come due again.
        await server.EventuallyAsync(async () =>
        {
            foreach (var (_, payment, _) in payments)
            {
                if ((await server.PaymentRowAsync(payment.Id)).Status != PaymentStatus.Succeeded)
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        foreach (var (order, payment, paid) in payments)
        {
            await AssertPaidOnceByReconciliationAsync(order, payment, paid);
        }
    }

    [Theory]
    [InlineData(WeChatPayProvider.Name)]
    [InlineData(AlipayProvider.Name)]
    public async Task A_payment_still_unpaid_at_the_provider_stays_pending_and_is_paid_by_its_late_notification(string provider)
    {
        var (order, payment) = await server.PendingPaymentAsync(provider, 3190);
        var looked = await server.WithScopeAsync(sp => sp.GetRequiredService<PaymentReconciliation>().ReconcileAsync(long.Parse(payment.Id), CancellationToken.None));
        Assert.Equal(ReconcileResult.StillPending, looked);

        await server.AdvanceClockAsync(ReconcileAfter * 2 + TimeSpan.FromSeconds(1));
        await server.EventuallyAsync(async () => (await server.PaymentRowAsync(payment.Id)).UpdatedAt >= server.Clock.GetUtcNow().UtcDateTime - ReconcileAfter);
        Assert.Equal(PaymentStatus.Pending, (await server.PaymentRowAsync(payment.Id)).Status);
        Assert.Empty(await server.NotificationsAsync(payment.OutTradeNo));
        Assert.Equal("pendingPayment", (await server.OrderAsAdminAsync(order.Id)).Status);

        var paid = await (await server.Client.PostAsJsonAsync($"/sandbox/{provider}/pay", new { outTradeNo = payment.OutTradeNo })).ReadAs<SandboxPayDto>();
        Assert.Single(paid.Deliveries);
        Assert.Equal("paid", (await server.OrderAsAdminAsync(order.Id)).Status);
    }

    [Theory]
    [InlineData(WeChatPayProvider.Name)]
    [InlineData(AlipayProvider.Name)]
    public async Task A_trade_closed_at_the_provider_closes_the_payment(string provider)
    {
        var (order, payment) = await server.PendingPaymentAsync(provider, 3190);
        var closed = provider == AlipayProvider.Name
            ? (await server.Services.GetRequiredService<AlipayClient>().CloseAsync(payment.OutTradeNo, CancellationToken.None)).Succeeded
            : (await server.Services.GetRequiredService<WeChatPayClient>().CloseAsync(payment.OutTradeNo, CancellationToken.None)).Succeeded;
        Assert.True(closed);

        await server.AdvanceClockAsync(ReconcileAfter + TimeSpan.FromSeconds(1));
        await server.EventuallyAsync(async () => (await server.PaymentRowAsync(payment.Id)).Status != PaymentStatus.Pending);

        Assert.Equal(PaymentStatus.Closed, (await server.PaymentRowAsync(payment.Id)).Status);
        var notification = Assert.Single(await server.NotificationsAsync(payment.OutTradeNo));
        Assert.Equal(("query:closed:" + payment.OutTradeNo, NotificationOutcomes.Closed), (notification.NotificationId, notification.Outcome));
        Assert.Equal("pendingPayment", (await server.OrderAsAdminAsync(order.Id)).Status);
        Assert.Equal(0, await server.PaymentTransitionsAsync(payment.OutTradeNo, PaymentStatus.Succeeded));
        Assert.Equal(1, await server.PaymentTransitionsAsync(payment.OutTradeNo, PaymentStatus.Closed));
    }
}

/// <summary>
/// A server whose instances (the first and every replica) share the sandboxes through the database and the data directory's
/// keys, as replicas behind one load balancer share the real providers; ReconcileAfter is one minute.
/// </summary>
public static class ReconcilingServer
{
    public static readonly TimeSpan ReconcileAfter = TimeSpan.FromMinutes(1);

    public static IEnumerable<string> Settings(IEnumerable<string> baseSettings) => [.. baseSettings, "Circula:Payments:ReconcileAfter=00:01:00"];
}

public sealed class ReconcilingSqliteServer : SqliteServer
{
    protected override IEnumerable<string> ExtraSettings => ReconcilingServer.Settings(base.ExtraSettings);
}

public sealed class ReconcilingPostgresServer : PostgresServer
{
    protected override IEnumerable<string> ExtraSettings => ReconcilingServer.Settings(base.ExtraSettings);
}

public sealed class ReconciliationTestsOnSqlite(ReconcilingSqliteServer server) : ReconciliationTests<ReconcilingSqliteServer>(server);

public sealed class ReconciliationTestsOnPostgres(ReconcilingPostgresServer server) : ReconciliationTests<ReconcilingPostgresServer>(server);
