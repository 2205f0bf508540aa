using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Payments;
using Circula.Payments.Sandbox;
using Circula.Payments.WeChatPay;
using Circula.Shared.Outbox;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Payments;

public sealed record PaymentDto(string Id, string OrderId, string Provider, string Channel, string Status, long AmountFen, string OutTradeNo,
    string? CodeUrl, JsonElement? Jsapi);

public sealed record SandboxPayDto(string NotificationId, string TransactionId, string NotifyUrl, List<SandboxDelivery> Deliveries);

/// <summary>WeChat Pay end to end through the built-in sandbox: create, notify, dedupe, anomalies.</summary>
public abstract class PaymentTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private async Task<(SignedInUser Customer, OrderDto Order)> OrderAsync(long priceFen = 2590)
    {
        var sku = await server.CreateSkuAsync(stock: 10, priceFen);
        var customer = await server.CreateUserAsync(Roles.Customer);
        return (customer, await customer.Client.PlaceOkAsync(sku));
    }

    private static Task<HttpResponseMessage> CreatePaymentAsync(HttpClient client, string orderId, string channel = "native") =>
        client.PostAsJsonAsync("/api/v1/payments", new { orderId, channel });

    private static async Task<SandboxPayDto> PayAsync(HttpClient client, object request) =>
        await (await client.PostAsJsonAsync("/sandbox/wechatpay/pay", request)).ReadAs<SandboxPayDto>();

    private Task<OrderDto> OrderAsAdminAsync(string orderId) =>
        server.AdminClientAsync().ContinueWith(async t => await (await t.Result.GetAsync($"/api/v1/admin/orders/{orderId}")).ReadAs<OrderDto>()).Unwrap();

    private Task<Payment> PaymentRowAsync(string paymentId) =>
        server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<Payment>().AsNoTracking().SingleAsync(p => p.Id == long.Parse(paymentId)));

    private Task<List<PaymentNotification>> NotificationsAsync(string outTradeNo) =>
        server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<PaymentNotification>().AsNoTracking()
            .Where(n => n.OutTradeNo == outTradeNo).ToListAsync());

    private async Task<SandboxDelivery> SendAsync(WeChatPaySandboxGateway.SignedNotification notification) =>
        await WeChatPaySandbox.SendAsync(server.CreateClient(), server.Services.GetRequiredService<WeChatPayEndpoints>().NotifyUrl, notification, CancellationToken.None);

    [Fact]
    public async Task A_native_payment_through_the_sandbox_pays_the_order_as_the_system()
    {
        var (customer, order) = await OrderAsync();
        var created = await (await CreatePaymentAsync(customer.Client, order.Id)).ReadAs<PaymentDto>(HttpStatusCode.Created);
        Assert.Equal(("pending", "native", order.TotalFen, "P" + created.Id), (created.Status, created.Channel, created.AmountFen, created.OutTradeNo));
        Assert.StartsWith("weixin://wxpay/bizpayurl?pr=", created.CodeUrl, StringComparison.Ordinal);

        var again = await (await CreatePaymentAsync(customer.Client, order.Id)).ReadAs<PaymentDto>();
        Assert.Equal(created.Id, again.Id);

        var paid = await PayAsync(customer.Client, new { outTradeNo = created.OutTradeNo });
        Assert.Equal(204, Assert.Single(paid.Deliveries).Status);

        var after = await (await customer.Client.GetAsync($"/api/v1/orders/{order.Id}")).ReadAs<OrderDto>();
        Assert.Equal("paid", after.Status);
        var history = after.History.Last();
        Assert.Equal(("paid", "system"), (history.To, history.Actor));
        var payment = await (await customer.Client.GetAsync($"/api/v1/payments/{created.Id}")).ReadAs<PaymentDto>();
        Assert.Equal("succeeded", payment.Status);
        Assert.Equal(paid.TransactionId, (await PaymentRowAsync(created.Id)).ProviderTransactionId);
        Assert.Equal(NotificationOutcomes.Paid, Assert.Single(await NotificationsAsync(created.OutTradeNo)).Outcome);

        var other = await server.CreateUserAsync(Roles.Customer);
        await (await other.Client.GetAsync($"/api/v1/payments/{created.Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Jsapi_needs_a_wechat_binding_and_answers_request_payment_parameters()
    {
        var sku = await server.CreateSkuAsync(stock: 5);
        var password = await server.CreateUserAsync(Roles.Customer);
        var order = await password.Client.PlaceOkAsync(sku);
        await (await CreatePaymentAsync(password.Client, order.Id, "jsapi")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "wechat_binding_required");

        var tokens = await (await server.Client.PostAsJsonAsync("/api/v1/auth/wechat", new { code = "pay-" + Guid.NewGuid().ToString("N") })).ReadAs<JsonElement>();
        var wechat = server.CreateClient(tokens.GetProperty("accessToken").GetString());
        var wechatOrder = await wechat.PlaceOkAsync(sku);
        var payment = await (await CreatePaymentAsync(wechat, wechatOrder.Id, "jsapi")).ReadAs<PaymentDto>(HttpStatusCode.Created);
        var jsapi = payment.Jsapi!.Value;
        Assert.Equal("prepay_id=wx_sbx_" + payment.OutTradeNo, jsapi.GetProperty("package").GetString());
        Assert.Equal("RSA", jsapi.GetProperty("signType").GetString());
        Assert.False(string.IsNullOrEmpty(jsapi.GetProperty("paySign").GetString()));

        var paid = await PayAsync(wechat, new { outTradeNo = payment.OutTradeNo });
        Assert.Equal(204, Assert.Single(paid.Deliveries).Status);
        Assert.Equal("paid", (await OrderAsAdminAsync(wechatOrder.Id)).Status);
    }

    [Fact]
    public async Task Ten_identical_notifications_at_once_make_exactly_one_transition()
    {
        var (customer, order) = await OrderAsync();
        var payment = await (await CreatePaymentAsync(customer.Client, order.Id)).ReadAs<PaymentDto>(HttpStatusCode.Created);

        var paid = await PayAsync(customer.Client, new { outTradeNo = payment.OutTradeNo, duplicates = 10 });

        Assert.Equal(10, paid.Deliveries.Count);
        Assert.All(paid.Deliveries, d => Assert.Equal(204, d.Status));
        var after = await OrderAsAdminAsync(order.Id);
        Assert.Single(after.History, h => h.To == "paid");
        Assert.Single(await NotificationsAsync(payment.OutTradeNo));
        var events = await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Type == PaymentSucceeded.EventType && m.Payload.Contains(payment.OutTradeNo)).CountAsync());
        Assert.Equal(1, events);
    }

    [Fact]
    public async Task A_forged_signature_is_refused_and_changes_nothing()
    {
        var (customer, order) = await OrderAsync();
        var payment = await (await CreatePaymentAsync(customer.Client, order.Id)).ReadAs<PaymentDto>(HttpStatusCode.Created);

        var paid = await PayAsync(customer.Client, new { outTradeNo = payment.OutTradeNo, corruptSignature = true });

        var delivery = Assert.Single(paid.Deliveries);
        Assert.Equal(401, delivery.Status);
        var body = JsonDocument.Parse(delivery.Body).RootElement;
        Assert.Equal(("FAIL", "signature_invalid"), (body.GetProperty("code").GetString(), body.GetProperty("message").GetString()));
        Assert.Equal("pendingPayment", (await OrderAsAdminAsync(order.Id)).Status);
        Assert.Equal(PaymentStatus.Pending, (await PaymentRowAsync(payment.Id)).Status);
    }

    [Fact]
    public async Task A_notification_six_minutes_old_is_refused()
    {
        var (customer, order) = await OrderAsync();
        var payment = await (await CreatePaymentAsync(customer.Client, order.Id)).ReadAs<PaymentDto>(HttpStatusCode.Created);
        var gateway = server.Services.GetRequiredService<WeChatPaySandboxGateway>();

        var delivery = await SendAsync(gateway.BuildSuccess(gateway.FindPrepay(payment.OutTradeNo)!, payment.AmountFen, age: TimeSpan.FromMinutes(6)));

        Assert.Equal(401, delivery.Status);
        Assert.Contains("timestamp_expired", delivery.Body, StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.Pending, (await PaymentRowAsync(payment.Id)).Status);
        Assert.Equal("pendingPayment", (await OrderAsAdminAsync(order.Id)).Status);
    }

    [Fact]
    public async Task An_amount_mismatch_is_refused_and_recorded()
    {
        var (customer, order) = await OrderAsync();
        var payment = await (await CreatePaymentAsync(customer.Client, order.Id)).ReadAs<PaymentDto>(HttpStatusCode.Created);

        var paid = await PayAsync(customer.Client, new { outTradeNo = payment.OutTradeNo, amountFen = payment.AmountFen - 1 });

        var delivery = Assert.Single(paid.Deliveries);
        Assert.Equal(400, delivery.Status);
        Assert.Contains("\"code\":\"FAIL\"", delivery.Body, StringComparison.Ordinal);
        var record = Assert.Single(await NotificationsAsync(payment.OutTradeNo));
        Assert.Equal((NotificationOutcomes.AmountMismatch, paid.NotificationId), (record.Outcome, record.NotificationId));
        Assert.Equal(PaymentStatus.Pending, (await PaymentRowAsync(payment.Id)).Status);
        Assert.Equal("pendingPayment", (await OrderAsAdminAsync(order.Id)).Status);
    }

    [Fact]
    public async Task An_unknown_out_trade_no_is_refused()
    {
        var gateway = server.Services.GetRequiredService<WeChatPaySandboxGateway>();
        var unknown = new WeChatPaySandboxGateway.SandboxPrepay(WeChatPaySandboxSetup.AppId, WeChatPaySandboxSetup.MchId, "P424242", 100,
            server.Services.GetRequiredService<WeChatPayEndpoints>().NotifyUrl, "NATIVE", null);

        var delivery = await SendAsync(gateway.BuildSuccess(unknown, 100));

        Assert.Equal(400, delivery.Status);
        Assert.Contains(NotificationOutcomes.UnknownOrder, delivery.Body, StringComparison.Ordinal);
        Assert.Equal(NotificationOutcomes.UnknownOrder, Assert.Single(await NotificationsAsync("P424242")).Outcome);
    }

    [Fact]
    public async Task Money_after_the_timeout_cancel_succeeds_the_payment_keeps_the_order_cancelled_and_raises_an_event()
    {
        var (customer, order) = await OrderAsync();
        var payment = await (await CreatePaymentAsync(customer.Client, order.Id)).ReadAs<PaymentDto>(HttpStatusCode.Created);
        await server.AdvanceClockAsync(TimeSpan.FromMinutes(31));
        await server.EventuallyAsync(async () => (await OrderAsAdminAsync(order.Id)).Status == "cancelled");

        var paid = await PayAsync(server.Client, new { outTradeNo = payment.OutTradeNo });

        Assert.Equal(204, Assert.Single(paid.Deliveries).Status);
        Assert.Equal(PaymentStatus.Succeeded, (await PaymentRowAsync(payment.Id)).Status);
        var after = await OrderAsAdminAsync(order.Id);
        Assert.Equal("cancelled", after.Status);
        Assert.DoesNotContain(after.History, h => h.To == "paid");
        var events = await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Type == "payment.succeeded-after-cancel").Select(m => m.Payload).ToListAsync());
        Assert.Contains(events, e => e.Contains(payment.OutTradeNo, StringComparison.Ordinal));
        Assert.Equal(NotificationOutcomes.PaidAfterCancel, Assert.Single(await NotificationsAsync(payment.OutTradeNo)).Outcome);
    }

    [Fact]
    public async Task Another_customers_order_is_404_and_an_unpayable_order_is_409()
    {
        var (owner, order) = await OrderAsync();
        var stranger = await server.CreateUserAsync(Roles.Customer);
        await (await CreatePaymentAsync(stranger.Client, order.Id)).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await CreatePaymentAsync(owner.Client, "999999999999")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");

        await (await owner.Client.PostAsync($"/api/v1/orders/{order.Id}/cancel", null)).ShouldBe(HttpStatusCode.OK);
        await (await CreatePaymentAsync(owner.Client, order.Id)).ShouldBeProblem(HttpStatusCode.Conflict, "order_not_payable");
        await (await server.Client.PostAsJsonAsync("/api/v1/payments", new { orderId = order.Id, channel = "native" })).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bad_input_is_400_or_422()
    {
        var (customer, order) = await OrderAsync();
        using var malformed = new StringContent("{\"orderId\":", Encoding.UTF8, "application/json");
        await (await customer.Client.PostAsync("/api/v1/payments", malformed)).ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        var unknownChannel = await (await CreatePaymentAsync(customer.Client, order.Id, "alipay")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(unknownChannel.GetProperty("errors").TryGetProperty("channel", out _));
        await (await CreatePaymentAsync(customer.Client, "abc")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }
}

public sealed class PaymentTestsOnSqlite(SqliteServer server) : PaymentTests<SqliteServer>(server);

public sealed class PaymentTestsOnPostgres(PostgresServer server) : PaymentTests<PostgresServer>(server);
