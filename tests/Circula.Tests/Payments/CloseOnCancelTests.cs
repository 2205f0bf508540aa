using System.Net;
using System.Net.Http.Json;
using Circula.Data;
using Circula.Ordering.Contracts;
using Circula.Payments.Contracts;
using Circula.Payments;
using Circula.Sandbox.Alipay;
using Circula.Sandbox.WeChatPay;
using Circula.Shared.Outbox;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Circula.Identity.Contracts;
using Circula.Payments.Alipay;
using Circula.Payments.Providers;
using Circula.Payments.WeChatPay;
using Circula.Shared.StateMachines;
namespace Circula.Tests.Payments;

/// <summary>
/// A cancelled order's live payment is closed at its provider (the sandboxes) and here, so it can no longer be paid;
/// money already on its way when the order was cancelled is found by the close and refunded once.
/// </summary>
public abstract class CloseOnCancelTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer, IRecordingServer
{
    private ProviderCalls Provider => server.ProviderCalls;

    private Task<HttpResponseMessage> PayAsync(string provider, string outTradeNo, bool dropNotification = false) =>
        server.Client.PostAsJsonAsync($"/sandbox/{provider}/pay", new { outTradeNo, dropNotification });

    private static async Task CancelAsync(SignedInUser customer, string orderId) =>
        await (await customer.Client.PostAsync($"/api/v1/orders/{orderId}/cancel", null)).ShouldBe(HttpStatusCode.OK);

    private async Task<Payment> PaymentInAsync(string paymentId, PaymentStatus status, TimeSpan? advanceEachPoll = null)
    {
        await server.EventuallyAsync(async () => (await server.PaymentRowAsync(paymentId)).Status == status, advanceEachPoll);
        return await server.PaymentRowAsync(paymentId);
    }

    private async Task<bool> OutboxMentionsAsync(string type, string outTradeNo) =>
        (await server.OutboxPayloadsAsync(type)).Any(p => p.Contains(outTradeNo, StringComparison.Ordinal));

    /// <summary>One signed close reached the provider and closed the trade; the sandbox now refuses to take the money, so nothing is refunded or alerted.</summary>
    private async Task AssertClosedAndUnpayableAsync(string provider, PaymentDto payment)
    {
        await PaymentInAsync(payment.Id, PaymentStatus.Closed);
        var close = Assert.Single(Provider.For(payment.OutTradeNo, ProviderCalls.Close));
        Assert.Equal(provider == WeChatPayProvider.Name ? 204 : 200, close.Status);
        Assert.True(provider == WeChatPayProvider.Name
            ? server.Services.GetRequiredService<WeChatPaySandboxGateway>().CheckAuthorization(close.Method, close.Target, close.Body, close.Authorization) is null
            : server.Services.GetRequiredService<AlipaySandboxGateway>().IsSignedByApp(close.Form()));

        await (await PayAsync(provider, payment.OutTradeNo)).ShouldBeProblem(HttpStatusCode.Conflict, WeChatPaySandbox.SandboxTradeClosed);
        Assert.Equal(PaymentStatus.Closed, (await server.PaymentRowAsync(payment.Id)).Status);
        Assert.Empty(await server.NotificationsAsync(payment.OutTradeNo));
        Assert.Empty(await server.RefundsAsync(payment.Id));
        Assert.False(await OutboxMentionsAsync(PaymentMoneyUnapplied.EventType, payment.OutTradeNo));
    }

    /// <summary>The money the close found stays with the payment (Succeeded), the order stays cancelled, and the one automatic refund succeeds.</summary>
    private async Task<Payment> AssertPaidAfterCancelAndRefundedOnceAsync(OrderDto order, PaymentDto payment, SandboxPayDto paid)
    {
        await server.EventuallyAsync(async () => (await server.RefundsAsync(payment.Id)) is [{ Status: RefundStatus.Succeeded }]);
        var row = await server.PaymentRowAsync(payment.Id);
        Assert.Equal((PaymentStatus.Succeeded, paid.TransactionId), (row.Status, row.ProviderTransactionId));
        var after = await server.OrderAsAdminAsync(order.Id);
        Assert.Equal("cancelled", after.Status);
        Assert.DoesNotContain(after.History, h => h.To == "paid");
        Assert.Single(await server.OutboxPayloadsAsync(PaymentSucceededAfterCancel.EventType), p => p.Contains(payment.OutTradeNo, StringComparison.Ordinal));
        Assert.Equal(Refund.PaidAfterCancel, Assert.Single(await server.RefundsAsync(payment.Id)).Reason);
        Assert.Single(Provider.For(payment.OutTradeNo, ProviderCalls.Refund));
        // The close was refused because the trade is paid: WeChat Pay 400 ORDERPAID, Alipay a signed ACQ.TRADE_STATUS_ERROR.
        Assert.Equal(payment.Provider == WeChatPayProvider.Name ? 400 : 200, Assert.Single(Provider.For(payment.OutTradeNo, ProviderCalls.Close)).Status);
        Assert.False(await OutboxMentionsAsync(PaymentMoneyUnapplied.EventType, payment.OutTradeNo));
        return row;
    }

    [Theory]
    [InlineData(WeChatPayProvider.Name)]
    [InlineData(AlipayProvider.Name)]
    public async Task An_order_cancelled_at_its_deadline_has_its_payment_closed_and_the_trade_can_no_longer_be_paid(string provider)
    {
        var (order, payment) = await server.PendingPaymentAsync(provider, 2790);

        await server.AdvanceClockAsync(TimeSpan.FromMinutes(31));

        await AssertClosedAndUnpayableAsync(provider, payment);
        Assert.Equal("cancelled", (await server.OrderAsAdminAsync(order.Id)).Status);
    }

    [Theory]
    [InlineData(WeChatPayProvider.Name)]
    [InlineData(AlipayProvider.Name)]
    public async Task An_order_the_customer_cancels_has_its_payment_closed_the_same_way(string provider)
    {
        var (customer, order, payment) = await server.CustomerPendingPaymentAsync(provider, 2790);

        await CancelAsync(customer, order.Id);

        await AssertClosedAndUnpayableAsync(provider, payment);
    }

    [Theory]
    [InlineData(WeChatPayProvider.Name)]
    [InlineData(AlipayProvider.Name)]
    public async Task Money_notified_while_the_close_is_on_its_way_succeeds_the_payment_and_is_refunded_once(string provider)
    {
        var (customer, order, payment) = await server.CustomerPendingPaymentAsync(provider, 2790);
        SandboxPayDto paid;
        using (var close = Provider.HoldCloses(payment.OutTradeNo))
        {
            await CancelAsync(customer, order.Id);
            await close.Reached;
            paid = await (await PayAsync(provider, payment.OutTradeNo)).ReadAs<SandboxPayDto>();
        }

        Assert.Equal(provider == WeChatPayProvider.Name ? 204 : 200, Assert.Single(paid.Deliveries).Status);
        await AssertPaidAfterCancelAndRefundedOnceAsync(order, payment, paid);
        Assert.Equal(NotificationOutcomes.PaidAfterCancel,
            Assert.Single(await server.NotificationsAsync(payment.OutTradeNo), n => n.NotificationId == paid.NotificationId).Outcome);
    }

    [Theory]
    [InlineData(WeChatPayProvider.Name)]
    [InlineData(AlipayProvider.Name)]
    public async Task A_trade_paid_whose_notification_was_lost_is_found_paid_by_the_close_and_refunded_once(string provider)
    {
        var (customer, order, payment) = await server.CustomerPendingPaymentAsync(provider, 2790);
        var paid = await (await PayAsync(provider, payment.OutTradeNo, dropNotification: true)).ReadAs<SandboxPayDto>();
        Assert.Empty(paid.Deliveries);

        await CancelAsync(customer, order.Id);

        await AssertPaidAfterCancelAndRefundedOnceAsync(order, payment, paid);
        var found = Assert.Single(await server.NotificationsAsync(payment.OutTradeNo), n => n.EventType == TradeQuery.EventType);
        Assert.Equal(("query:" + paid.TransactionId, NotificationOutcomes.PaidAfterCancel), (found.NotificationId, found.Outcome));
    }

    [Theory]
    [InlineData(WeChatPayProvider.Name)]
    [InlineData(AlipayProvider.Name)]
    public async Task The_event_delivered_again_and_on_two_replicas_at_once_closes_the_payment_once_without_errors(string provider)
    {
        await using var replica = await server.StartReplicaAsync();
        var (customer, order, payment) = await server.CustomerPendingPaymentAsync(provider, 2790);
        var version = (await server.PaymentRowAsync(payment.Id)).Version;
        var cancelled = new OrderStatusChanged(OrderId.From(long.Parse(order.Id)), order.Number, UserId.From(0), OrderStatus.PendingPayment, OrderStatus.Cancelled, Actor.Customer, null);
        Task deliveries;
        using (var close = Provider.HoldCloses(payment.OutTradeNo))
        {
            await CancelAsync(customer, order.Id);
            await close.Reached;
            // The same event to both instances twice at once while the outbox's own delivery is at the provider (as after a claim expired mid-delivery).
            deliveries = RefundTestKit.DeliverAsync<CloseCancelledOrderHandler, OrderStatusChanged>(cancelled, copies: 2, server.Services, replica.Services);
            await server.EventuallyAsync(() => Task.FromResult(close.Waiting == 5));
        }

        await deliveries;
        // The outbox's own delivery is not among the awaited ones: its call is recorded when it comes back.
        await server.EventuallyAsync(() => Task.FromResult(Provider.For(payment.OutTradeNo, ProviderCalls.Close).Count == 5));
        var row = await PaymentInAsync(payment.Id, PaymentStatus.Closed);
        Assert.Equal(version + 1, row.Version);
        Assert.All(Provider.For(payment.OutTradeNo, ProviderCalls.Close), c => Assert.Equal(provider == WeChatPayProvider.Name ? 204 : 200, c.Status));

        await RefundTestKit.DeliverAsync<CloseCancelledOrderHandler, OrderStatusChanged>(cancelled, copies: 1, server.Services);
        Assert.Equal(5, Provider.For(payment.OutTradeNo, ProviderCalls.Close).Count);
        Assert.Equal(row.Version, (await server.PaymentRowAsync(payment.Id)).Version);
        await (await PayAsync(provider, payment.OutTradeNo)).ShouldBeProblem(HttpStatusCode.Conflict, WeChatPaySandbox.SandboxTradeClosed);
    }

    [Fact]
    public async Task An_Alipay_trade_the_buyer_never_opened_counts_as_closed()
    {
        var (customer, order, payment) = await server.CustomerPendingPaymentAsync(AlipayProvider.Name, 2790);
        Provider.NoTrade[payment.OutTradeNo] = true;

        await CancelAsync(customer, order.Id);

        await PaymentInAsync(payment.Id, PaymentStatus.Closed);
        Assert.Equal(200, Assert.Single(Provider.For(payment.OutTradeNo, ProviderCalls.Close)).Status);
        Assert.Empty(await server.RefundsAsync(payment.Id));
    }

    /// <summary>The cancel's close fails once at the provider (503), so the event waits for its backoff (in clock time).</summary>
    private async Task<(OrderDto Order, PaymentDto Payment)> CloseFailedOnceAsync()
    {
        var (customer, order, payment) = await server.CustomerPendingPaymentAsync(WeChatPayProvider.Name, 2790);
        Provider.Unavailable[payment.OutTradeNo] = true;
        await CancelAsync(customer, order.Id);
        await server.EventuallyAsync(async () => await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<OutboxMessage>().AsNoTracking()
            .AnyAsync(m => m.Type == OrderStatusChanged.EventType && m.Payload.Contains(order.Id) && m.Payload.Contains("\"to\":\"cancelled\"") && m.Attempts == 1 &&
                m.LastError!.Contains("SYSTEM_ERROR"))));
        Assert.Equal(503, Assert.Single(Provider.For(payment.OutTradeNo, ProviderCalls.Close)).Status);
        Assert.Equal(PaymentStatus.Pending, (await server.PaymentRowAsync(payment.Id)).Status);
        Provider.Unavailable.TryRemove(payment.OutTradeNo, out _);
        return (order, payment);
    }

    [Fact]
    public async Task A_provider_that_cannot_be_reached_is_asked_again_by_the_outbox_with_backoff()
    {
        var (_, payment) = await CloseFailedOnceAsync();

        await PaymentInAsync(payment.Id, PaymentStatus.Closed, advanceEachPoll: TimeSpan.FromSeconds(5));

        Assert.Equal(new[] { 503, 204 }, Provider.For(payment.OutTradeNo, ProviderCalls.Close).Select(c => c.Status));
    }

    [Fact]
    public async Task Reconciliation_closes_a_payment_still_open_for_a_cancelled_order_instead_of_asking_about_it_forever()
    {
        var (_, payment) = await CloseFailedOnceAsync();

        var looked = await server.WithScopeAsync(sp => sp.GetRequiredService<PaymentReconciliation>().ReconcileAsync(long.Parse(payment.Id), CancellationToken.None));

        Assert.Equal(ReconcileResult.Closed, looked);
        Assert.Equal(PaymentStatus.Closed, (await server.PaymentRowAsync(payment.Id)).Status);
        Assert.Equal(ReconcileResult.Skipped,
            await server.WithScopeAsync(sp => sp.GetRequiredService<PaymentReconciliation>().ReconcileAsync(long.Parse(payment.Id), CancellationToken.None)));
    }
}

public sealed class CloseOnCancelTestsOnSqlite(RecordingSqliteServer server) : CloseOnCancelTests<RecordingSqliteServer>(server);

public sealed class CloseOnCancelTestsOnPostgres(RecordingPostgresServer server) : CloseOnCancelTests<RecordingPostgresServer>(server);
