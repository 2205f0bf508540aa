using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Ordering.Contracts;
using Circula.Payments;
using Circula.Payments.Alipay;
using Circula.Payments.Contracts;
using Circula.Payments.WeChatPay;
using Circula.Sandbox.Alipay;
using Circula.Sandbox.WeChatPay;
using Circula.Shared.Outbox;
using Circula.Shared.StateMachines;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Payments;

public sealed record RefundDto(string Id, string OutRefundNo, string Reason, string Status, long AmountFen, DateTime? SucceededAt);

public sealed record OrderPaymentDto(string Id, string OrderId, string Provider, string Status, long AmountFen, string OutTradeNo, RefundDto? Refund);

/// <summary>
/// An operator approves a paid order's refund (RefundRequested → Refunded) and the payment's money goes back at its
/// provider, through the sandboxes: once, however the order.status-changed event is delivered.
/// </summary>
public abstract class OrderRefundTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer, IRecordingServer
{
    private ProviderCalls Provider => server.ProviderCalls;

    /// <summary>A paid order (WeChat Pay native or Alipay wap, paid through the sandbox) whose customer asked for a refund.</summary>
    private async Task<(OrderDto Order, PaymentDto Payment, SignedInUser Customer)> RefundRequestedAsync(string provider)
    {
        var sku = await server.CreateSkuAsync(stock: 20, 3590);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var order = await customer.Client.PlaceOkAsync(sku);
        object request = provider == AlipayProvider.Name ? new { orderId = order.Id, provider, channel = AlipayProvider.Wap } : new { orderId = order.Id, channel = WeChatPayProvider.Native };
        var payment = await (await customer.Client.PostAsJsonAsync("/api/v1/payments", request)).ReadAs<PaymentDto>(HttpStatusCode.Created);
        var paid = await (await server.Client.PostAsJsonAsync($"/sandbox/{provider}/pay", new { outTradeNo = payment.OutTradeNo })).ReadAs<SandboxPayDto>();
        Assert.Single(paid.Deliveries);
        await (await customer.Client.PostAsJsonAsync($"/api/v1/orders/{order.Id}/refund-request", new { reason = "不想要了" })).ShouldBe(HttpStatusCode.OK);
        return (order, payment, customer);
    }

    private async Task<HttpResponseMessage> ApproveAsync(string orderId) =>
        await (await server.AdminClientAsync()).PostAsync($"/api/v1/admin/orders/{orderId}/approve-refund", null);

    private static OrderStatusChanged Refunded(OrderDto order) => new(OrderId.From(long.Parse(order.Id)), order.Number, UserId.From(0), OrderStatus.RefundRequested, OrderStatus.Refunded, Actor.Operator, null);

    /// <summary>The one refund succeeded: one signed request reached the provider with the payment's full amount, one alert, and the customer sees it.</summary>
    private async Task<Refund> AssertRefundedOnceAsync(PaymentDto payment, SignedInUser customer)
    {
        await server.EventuallyAsync(async () => (await server.RefundsAsync(payment.Id)) is [{ Status: RefundStatus.Succeeded }]);
        var refund = Assert.Single(await server.RefundsAsync(payment.Id));
        Assert.Equal((payment.AmountFen, Refund.OrderRefunded, "R" + refund.Id), (refund.AmountFen, refund.Reason, refund.OutRefundNo));
        var call = Assert.Single(Provider.For(payment.OutTradeNo));
        Assert.Equal(200, call.Status);
        AssertSignedRefundRequest(call, payment, refund);

        Assert.Equal(1, await server.RefundTransitionsAsync(refund.OutRefundNo, RefundStatus.Succeeded, Refund.OrderRefunded));
        Assert.Equal(0, await server.RefundTransitionsAsync(refund.OutRefundNo, RefundStatus.Succeeded, Refund.PaidAfterCancel));
        await server.AssertEveryRefundTransitionRecordedAsync(refund);
        var seen = Assert.Single(await (await customer.Client.GetAsync($"/api/v1/payments?orderId={payment.OrderId}")).ReadAs<List<OrderPaymentDto>>());
        Assert.Equal(("succeeded", refund.OutRefundNo, "order_refunded", "succeeded"), (seen.Status, seen.Refund?.OutRefundNo, seen.Refund?.Reason, seen.Refund?.Status));
        return refund;
    }

    /// <summary>Checked with the sandbox's own verifier, the one that decides whether the provider takes the request.</summary>
    private void AssertSignedRefundRequest(ProviderCall call, PaymentDto payment, Refund refund)
    {
        if (call.Provider == WeChatPayProvider.Name)
        {
            Assert.Null(server.Services.GetRequiredService<WeChatPaySandboxGateway>().CheckAuthorization(call.Method, call.Target, call.Body, call.Authorization));
            using var json = JsonDocument.Parse(call.Body);
            var root = json.RootElement;
            var amount = root.GetProperty("amount");
            Assert.Equal((payment.OutTradeNo, refund.OutRefundNo, payment.AmountFen, payment.AmountFen),
                (root.GetProperty("out_trade_no").GetString(), root.GetProperty("out_refund_no").GetString(), amount.GetProperty("refund").GetInt64(),
                    amount.GetProperty("total").GetInt64()));
            return;
        }

        var form = call.Form();
        Assert.True(server.Services.GetRequiredService<AlipaySandboxGateway>().IsSignedByApp(form));
        using var biz = JsonDocument.Parse(form["biz_content"]);
        Assert.Equal((payment.OutTradeNo, refund.OutRefundNo, AlipayAmount.FormatYuan(payment.AmountFen)),
            (biz.RootElement.GetProperty("out_trade_no").GetString(), biz.RootElement.GetProperty("out_request_no").GetString(),
                biz.RootElement.GetProperty("refund_amount").GetString()));
    }

    [Theory]
    [InlineData(WeChatPayProvider.Name)]
    [InlineData(AlipayProvider.Name)]
    public async Task An_approved_refund_goes_to_the_provider_once_and_succeeds_and_a_redelivered_event_changes_nothing(string provider)
    {
        var (order, payment, customer) = await RefundRequestedAsync(provider);

        var approved = await (await ApproveAsync(order.Id)).ReadAs<OrderDto>();

        Assert.Equal("refunded", approved.Status);
        var refund = await AssertRefundedOnceAsync(payment, customer);
        if (provider == WeChatPayProvider.Name)
        {
            Assert.Contains(await server.NotificationsAsync(payment.OutTradeNo), n => n.Outcome == NotificationOutcomes.Refunded);
        }

        await RefundTestKit.DeliverAsync<RefundApprovedOrderHandler, OrderStatusChanged>(Refunded(order), copies: 2, server.Services);
        Assert.Equal(refund.Version, Assert.Single(await server.RefundsAsync(payment.Id)).Version);
        Assert.Single(Provider.For(payment.OutTradeNo));
        Assert.Equal(1, await server.RefundTransitionsAsync(refund.OutRefundNo, RefundStatus.Succeeded, Refund.OrderRefunded));
    }

    [Fact]
    public async Task A_refund_the_provider_refuses_fails_and_tells_the_operator_why()
    {
        var (order, payment, customer) = await RefundRequestedAsync(WeChatPayProvider.Name);
        Provider.Refuse[payment.OutTradeNo] = true;

        await (await ApproveAsync(order.Id)).ShouldBe(HttpStatusCode.OK);

        await server.EventuallyAsync(async () => (await server.RefundsAsync(payment.Id)) is [{ Status: RefundStatus.Failed }]);
        var refund = Assert.Single(await server.RefundsAsync(payment.Id));
        Assert.Equal(400, Assert.Single(Provider.For(payment.OutTradeNo)).Status);
        var alert = Assert.Single(await server.OutboxEventsAsync<RefundStatusChanged>(), e => e.OutRefundNo == refund.OutRefundNo && e.To == RefundStatus.Failed);
        Assert.Contains("NOT_ENOUGH", alert.Detail, StringComparison.Ordinal);
        Assert.Equal(Refund.OrderRefunded, alert.Reason);
        Assert.Equal(0, await server.RefundTransitionsAsync(refund.OutRefundNo, RefundStatus.Succeeded, Refund.OrderRefunded));
        var seen = Assert.Single(await (await customer.Client.GetAsync($"/api/v1/payments?orderId={order.Id}")).ReadAs<List<OrderPaymentDto>>());
        Assert.Equal("failed", seen.Refund?.Status);
    }

    [Fact]
    public async Task Ten_parallel_approvals_make_one_transition_and_one_refund()
    {
        var (order, payment, customer) = await RefundRequestedAsync(AlipayProvider.Name);
        var admin = await server.AdminClientAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => admin.PostAsync($"/api/v1/admin/orders/{order.Id}/approve-refund", null)));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(9, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        await AssertRefundedOnceAsync(payment, customer);
        Assert.Single((await server.OrderAsAdminAsync(order.Id)).History, h => h.To == "refunded");
    }

    [Fact]
    public async Task Two_replicas_refund_once_and_concurrent_deliveries_on_both_store_one_refund()
    {
        await using var replica = await server.StartReplicaAsync();
        var (order, payment, customer) = await RefundRequestedAsync(WeChatPayProvider.Name);
        await (await ApproveAsync(order.Id)).ShouldBe(HttpStatusCode.OK);
        await AssertRefundedOnceAsync(payment, customer);

        // The event of another order handed to both instances twice at once (as after a claim expired mid-delivery).
        var (other, otherPayment, _) = await RefundRequestedAsync(WeChatPayProvider.Name);
        await RefundTestKit.DeliverAsync<RefundApprovedOrderHandler, OrderStatusChanged>(Refunded(other), copies: 2, server.Services, replica.Services);

        await server.EventuallyAsync(async () => (await server.RefundsAsync(otherPayment.Id)) is [{ Status: RefundStatus.Succeeded }]);
        var refund = Assert.Single(await server.RefundsAsync(otherPayment.Id));
        // Concurrent deliveries may each ask, always with the one out_refund_no, which the provider takes as one refund.
        Assert.All(Provider.For(otherPayment.OutTradeNo), c => Assert.Contains(refund.OutRefundNo, c.Body, StringComparison.Ordinal));
        Assert.Equal(1, await server.RefundTransitionsAsync(refund.OutRefundNo, RefundStatus.Succeeded, Refund.OrderRefunded));
    }

    [Fact]
    public async Task An_order_refunded_without_a_payment_alerts_the_operator_once_and_is_not_retried()
    {
        var (order, customer) = await server.RefundRequestedWithoutPaymentAsync();

        await (await ApproveAsync(order.Id)).ShouldBe(HttpStatusCode.OK);

        await server.EventuallyAsync(async () => (await server.OutboxPayloadsAsync(OrderRefundedWithoutPayment.EventType)).Any(p => p.Contains(order.Id, StringComparison.Ordinal)));
        var message = await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<OutboxMessage>().AsNoTracking()
            .SingleAsync(m => m.Type == OrderStatusChanged.EventType && m.Payload.Contains(order.Id) && m.Payload.Contains("\"to\":\"refunded\"")));
        await server.EventuallyAsync(async () => (await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<OutboxMessage>().AsNoTracking()
            .SingleAsync(m => m.Id == message.Id))).Status == OutboxStatus.Delivered);
        Assert.Single(await server.OutboxPayloadsAsync(OrderRefundedWithoutPayment.EventType), p => p.Contains(order.Id, StringComparison.Ordinal));
        Assert.Empty(await (await customer.Client.GetAsync($"/api/v1/payments?orderId={order.Id}")).ReadAs<List<OrderPaymentDto>>());
    }

    [Fact]
    public async Task The_payments_of_an_order_are_read_by_its_customer_and_operators_only()
    {
        var (order, payment, _) = await RefundRequestedAsync(AlipayProvider.Name);
        var stranger = await server.CreateUserAsync(Roles.Customer);

        await (await stranger.Client.GetAsync($"/api/v1/payments?orderId={order.Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await stranger.Client.GetAsync("/api/v1/payments")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await stranger.Client.GetAsync($"/api/v1/admin/payments?orderId={order.Id}")).ShouldBe(HttpStatusCode.Forbidden);
        var seen = Assert.Single(await (await (await server.AdminClientAsync()).GetAsync($"/api/v1/admin/payments?orderId={order.Id}")).ReadAs<List<OrderPaymentDto>>());
        Assert.Equal((payment.Id, "succeeded", null), (seen.Id, seen.Status, seen.Refund));
    }
}

public sealed class OrderRefundTestsOnSqlite(RecordingSqliteServer server) : OrderRefundTests<RecordingSqliteServer>(server);

public sealed class OrderRefundTestsOnPostgres(RecordingPostgresServer server) : OrderRefundTests<RecordingPostgresServer>(server);
