using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Payments;
using Circula.Payments.Alipay;
using Circula.Payments.Contracts;
using Circula.Payments.Endpoints;
using Circula.Payments.WeChatPay;
using Circula.Sandbox;
using Circula.Sandbox.Alipay;
using Circula.Sandbox.WeChatPay;
using Circula.Shared.Outbox;
using Circula.Shared.StateMachines;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QRCoder;

namespace Circula.Tests.Payments;

public sealed record PaymentDto(string Id, string OrderId, string Provider, string Channel, string Status, long AmountFen, string OutTradeNo,
    string? CodeUrl, JsonElement? Jsapi, string? PayUrl = null, string? CodeQrPng = null);

public sealed record SandboxPayDto(string NotificationId, string TransactionId, string NotifyUrl, List<SandboxDelivery> Deliveries);

/// <summary>What the payment tests read back: the order as an operator sees it, the stored rows, the outbox.</summary>
internal static class PaymentTestQueries
{
    public static Task<OrderDto> OrderAsAdminAsync(this CirculaServer server, string orderId) =>
        server.AdminClientAsync().ContinueWith(async t => await (await t.Result.GetAsync($"/api/v1/admin/orders/{orderId}")).ReadAs<OrderDto>()).Unwrap();

    public static Task<Payment> PaymentRowAsync(this CirculaServer server, string paymentId) =>
        server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<Payment>().AsNoTracking().SingleAsync(p => p.Id == long.Parse(paymentId)));

    public static Task<List<PaymentNotification>> NotificationsAsync(this CirculaServer server, string outTradeNo) =>
        server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<PaymentNotification>().AsNoTracking()
            .Where(n => n.OutTradeNo == outTradeNo).ToListAsync());

    /// <summary>A new customer's order for a new SKU at <paramref name="priceFen"/>, with a pending payment (WeChat Pay Native, or Alipay wap).</summary>
    public static async Task<(OrderDto Order, PaymentDto Payment)> PendingPaymentAsync(this CirculaServer server, string provider = WeChatPayProvider.Name,
        long priceFen = 2590)
    {
        var (_, order, payment) = await server.CustomerPendingPaymentAsync(provider, priceFen);
        return (order, payment);
    }

    /// <summary>The same, with the signed-in customer who placed the order.</summary>
    public static async Task<(SignedInUser Customer, OrderDto Order, PaymentDto Payment)> CustomerPendingPaymentAsync(this CirculaServer server,
        string provider = WeChatPayProvider.Name, long priceFen = 2590)
    {
        var sku = await server.CreateSkuAsync(stock: 10, priceFen);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var order = await customer.Client.PlaceOkAsync(sku);
        object request = provider == AlipayProvider.Name ? new { orderId = order.Id, provider, channel = AlipayProvider.Wap } : new { orderId = order.Id, channel = WeChatPayProvider.Native };
        var payment = await (await customer.Client.PostAsJsonAsync("/api/v1/payments", request)).ReadAs<PaymentDto>(HttpStatusCode.Created);
        Assert.Equal("pending", payment.Status);
        return (customer, order, payment);
    }

    public static Task<List<string>> OutboxPayloadsAsync(this CirculaServer server, string type) =>
        server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Type == type).Select(m => m.Payload).ToListAsync());

    /// <summary>The outbox's events of type <typeparamref name="TEvent"/>, read as their consumers read them.</summary>
    public static async Task<List<TEvent>> OutboxEventsAsync<TEvent>(this CirculaServer server) where TEvent : IIntegrationEvent =>
        (await server.OutboxPayloadsAsync(EventTypes.NameOf(typeof(TEvent)))).Select(p => JsonSerializer.Deserialize<TEvent>(p, Outbox.JsonOptions)!).ToList();

    /// <summary>How many transitions of the payment <paramref name="outTradeNo"/> into <paramref name="to"/> raised their event.</summary>
    public static async Task<int> PaymentTransitionsAsync(this CirculaServer server, string outTradeNo, PaymentStatus to) =>
        (await server.OutboxEventsAsync<PaymentStatusChanged>()).Count(e => e.OutTradeNo == outTradeNo && e.To == to);
}

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

    private async Task<SandboxDelivery> SendAsync(WeChatPaySandboxGateway.SignedNotification notification) =>
        await WeChatPaySandbox.SendAsync(server.CreateClient(), server.Services.GetRequiredService<WeChatPayEndpoints>().NotifyUrl, notification, CancellationToken.None);

    [Fact]
    public async Task A_native_payment_through_the_sandbox_pays_the_order_as_the_system()
    {
        var (customer, order) = await OrderAsync();
        var created = await (await CreatePaymentAsync(customer.Client, order.Id)).ReadAs<PaymentDto>(HttpStatusCode.Created);
        Assert.Equal(("pending", "native", order.TotalFen, "P" + created.Id), (created.Status, created.Channel, created.AmountFen, created.OutTradeNo));
        Assert.StartsWith("weixin://wxpay/bizpayurl?pr=", created.CodeUrl, StringComparison.Ordinal);
        AssertQrImageOf(created.CodeUrl!, created.CodeQrPng);

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
        Assert.Null(payment.CodeQrPng); // nothing left to scan
        Assert.Equal(paid.TransactionId, (await server.PaymentRowAsync(created.Id)).ProviderTransactionId);
        Assert.Equal(NotificationOutcomes.Paid, Assert.Single(await server.NotificationsAsync(created.OutTradeNo)).Outcome);

        // Each transition left its history row and its one event; the success names the transaction.
        var rows = await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<PaymentHistoryEntry>().AsNoTracking()
            .Where(h => h.PaymentId == long.Parse(created.Id)).OrderBy(h => h.Id).ToListAsync());
        Assert.Equal([(PaymentStatus.Created, PaymentStatus.Pending, Actor.System), (PaymentStatus.Pending, PaymentStatus.Succeeded, Actor.System)],
            rows.Select(h => (h.FromStatus, h.ToStatus, h.Actor)));
        var events = (await server.OutboxEventsAsync<PaymentStatusChanged>()).Where(e => e.OutTradeNo == created.OutTradeNo).ToList();
        Assert.Equal([(PaymentStatus.Created, PaymentStatus.Pending, (string?)null), (PaymentStatus.Pending, PaymentStatus.Succeeded, paid.TransactionId)],
            events.Select(e => (e.From, e.To, e.TransactionId)).OrderBy(e => e.From));

        var other = await server.CreateUserAsync(Roles.Customer);
        await (await other.Client.GetAsync($"/api/v1/payments/{created.Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    private static void AssertQrImageOf(string codeUrl, string? dataUrl)
    {
        const string Prefix = "data:image/png;base64,";
        Assert.StartsWith(Prefix, dataUrl, StringComparison.Ordinal);
        var modules = QrPngModules.Read(Convert.FromBase64String(dataUrl![Prefix.Length..]), PaymentQrCode.PixelsPerModule);
        using var expected = QRCodeGenerator.GenerateQrCode(codeUrl, PaymentQrCode.ErrorCorrection);
        Assert.Equal(expected.ModuleMatrix.Count, modules.GetLength(0));
        for (var y = 0; y < modules.GetLength(0); y++)
        {
            for (var x = 0; x < modules.GetLength(1); x++)
            {
                Assert.True(expected.ModuleMatrix[y][x] == modules[y, x], $"module ({x},{y})");
            }
        }
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
        Assert.Equal("paid", (await server.OrderAsAdminAsync(wechatOrder.Id)).Status);
    }

    [Fact]
    public async Task A_second_transaction_for_a_paid_payment_changes_nothing_and_alerts_the_operator()
    {
        var (customer, order) = await OrderAsync();
        var payment = await (await CreatePaymentAsync(customer.Client, order.Id)).ReadAs<PaymentDto>(HttpStatusCode.Created);
        var first = await PayAsync(customer.Client, new { outTradeNo = payment.OutTradeNo });

        var second = await PayAsync(customer.Client, new { outTradeNo = payment.OutTradeNo });

        Assert.Equal(204, Assert.Single(second.Deliveries).Status); // acknowledged: resending would not help
        Assert.Equal(first.TransactionId, (await server.PaymentRowAsync(payment.Id)).ProviderTransactionId);
        var outcomes = (await server.NotificationsAsync(payment.OutTradeNo)).OrderBy(n => n.ReceivedAt).ThenBy(n => n.Id).Select(n => n.Outcome);
        Assert.Equal([NotificationOutcomes.Paid, NotificationOutcomes.SecondTransaction], outcomes);
        var alert = Assert.Single(await server.OutboxPayloadsAsync(PaymentMoneyUnapplied.EventType), p => p.Contains(payment.OutTradeNo, StringComparison.Ordinal));
        Assert.Contains(second.TransactionId, alert, StringComparison.Ordinal);
        var history = (await server.OrderAsAdminAsync(order.Id)).History;
        Assert.Single(history, h => h.To == "paid");
    }

    [Fact]
    public async Task Ten_identical_notifications_at_once_make_exactly_one_transition()
    {
        var (customer, order) = await OrderAsync();
        var payment = await (await CreatePaymentAsync(customer.Client, order.Id)).ReadAs<PaymentDto>(HttpStatusCode.Created);

        var paid = await PayAsync(customer.Client, new { outTradeNo = payment.OutTradeNo, duplicates = 10 });

        Assert.Equal(10, paid.Deliveries.Count);
        Assert.All(paid.Deliveries, d => Assert.Equal(204, d.Status));
        var after = await server.OrderAsAdminAsync(order.Id);
        Assert.Single(after.History, h => h.To == "paid");
        Assert.Single(await server.NotificationsAsync(payment.OutTradeNo));
        Assert.Equal(1, await server.PaymentTransitionsAsync(payment.OutTradeNo, PaymentStatus.Succeeded));
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
        Assert.Equal("pendingPayment", (await server.OrderAsAdminAsync(order.Id)).Status);
        Assert.Equal(PaymentStatus.Pending, (await server.PaymentRowAsync(payment.Id)).Status);
    }

    [Fact]
    public async Task A_notification_six_minutes_old_is_refused()
    {
        var (customer, order) = await OrderAsync();
        var payment = await (await CreatePaymentAsync(customer.Client, order.Id)).ReadAs<PaymentDto>(HttpStatusCode.Created);
        var gateway = server.Services.GetRequiredService<WeChatPaySandboxGateway>();
        var prepay = (await server.Services.GetRequiredService<WeChatPaySandboxTrades>().FindAsync(payment.OutTradeNo, CancellationToken.None))!.Prepay;

        var delivery = await SendAsync(gateway.BuildSuccess(prepay, payment.AmountFen, age: TimeSpan.FromMinutes(6)));

        Assert.Equal(401, delivery.Status);
        Assert.Contains("timestamp_expired", delivery.Body, StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.Pending, (await server.PaymentRowAsync(payment.Id)).Status);
        Assert.Equal("pendingPayment", (await server.OrderAsAdminAsync(order.Id)).Status);
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
        var record = Assert.Single(await server.NotificationsAsync(payment.OutTradeNo));
        Assert.Equal((NotificationOutcomes.AmountMismatch, paid.NotificationId), (record.Outcome, record.NotificationId));
        Assert.Equal(PaymentStatus.Pending, (await server.PaymentRowAsync(payment.Id)).Status);
        Assert.Equal("pendingPayment", (await server.OrderAsAdminAsync(order.Id)).Status);
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
        Assert.Equal(NotificationOutcomes.UnknownOrder, Assert.Single(await server.NotificationsAsync("P424242")).Outcome);
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

        var alipayNative = await (await customer.Client.PostAsJsonAsync("/api/v1/payments", new { orderId = order.Id, channel = "native", provider = "alipay" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(alipayNative.GetProperty("errors").TryGetProperty("channel", out _));
        var unknownProvider = await (await customer.Client.PostAsJsonAsync("/api/v1/payments", new { orderId = order.Id, channel = "wap", provider = "unionpay" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(unknownProvider.GetProperty("errors").TryGetProperty("provider", out _));
        Assert.Empty(await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<Payment>().AsNoTracking()
            .Where(p => p.OrderId == long.Parse(order.Id)).ToListAsync()));
    }
}

/// <summary>Alipay end to end through the built-in sandbox: create (signed payUrl), notify, dedupe, anomalies.</summary>
public abstract class AlipayPaymentTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private async Task<(SignedInUser Customer, OrderDto Order, PaymentDto Payment)> AlipayPaymentAsync(string channel = "wap")
    {
        var sku = await server.CreateSkuAsync(stock: 10, 4990);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var order = await customer.Client.PlaceOkAsync(sku);
        var payment = await (await customer.Client.PostAsJsonAsync("/api/v1/payments", new { orderId = order.Id, channel, provider = "alipay" }))
            .ReadAs<PaymentDto>(HttpStatusCode.Created);
        return (customer, order, payment);
    }

    private static async Task<SandboxPayDto> PayAsync(HttpClient client, object request) =>
        await (await client.PostAsJsonAsync("/sandbox/alipay/pay", request)).ReadAs<SandboxPayDto>();

    [Fact]
    public async Task A_wap_payment_answers_a_signed_pay_url_and_the_sandbox_notification_pays_the_order_as_the_system()
    {
        var (customer, order, created) = await AlipayPaymentAsync();
        Assert.Equal(("alipay", "wap", "pending", order.TotalFen, "P" + created.Id),
            (created.Provider, created.Channel, created.Status, created.AmountFen, created.OutTradeNo));
        var query = QueryHelpers.ParseQuery(new Uri(created.PayUrl!).Query);
        Assert.Equal((AlipayPayRequestBuilder.WapPayMethod, AlipaySandboxSetup.AppId, "RSA2"), (query["method"].ToString(), query["app_id"].ToString(), query["sign_type"].ToString()));
        Assert.EndsWith(AlipayEndpoints.NotifyPath, query["notify_url"].ToString(), StringComparison.Ordinal);
        Assert.Contains($"\"total_amount\":\"{AlipayAmount.FormatYuan(order.TotalFen)}\"", query["biz_content"].ToString(), StringComparison.Ordinal);
        var signed = query.Where(q => q.Key != "sign").ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        using (var appKey = System.Security.Cryptography.RSA.Create())
        {
            appKey.ImportFromPem(AlipaySandboxSetup.Load(server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Circula.Shared.CirculaOptions>>().Value.DataDirectory).AppPublicKeyPem);
            Assert.True(AlipaySigner.Verify(AlipaySignContent.Build(signed, AlipaySignContent.RequestExclusions), query["sign"].ToString(), appKey));
        }

        var again = await (await customer.Client.PostAsJsonAsync("/api/v1/payments", new { orderId = order.Id, channel = "page", provider = "alipay" })).ReadAs<PaymentDto>();
        Assert.Equal((created.Id, "wap"), (again.Id, again.Channel));

        var paid = await PayAsync(customer.Client, new { outTradeNo = created.OutTradeNo });

        var delivery = Assert.Single(paid.Deliveries);
        Assert.Equal((200, "success"), (delivery.Status, delivery.Body));
        var after = await (await customer.Client.GetAsync($"/api/v1/orders/{order.Id}")).ReadAs<OrderDto>();
        Assert.Equal("paid", after.Status);
        Assert.Equal(("paid", "system"), (after.History.Last().To, after.History.Last().Actor));
        var payment = await (await customer.Client.GetAsync($"/api/v1/payments/{created.Id}")).ReadAs<PaymentDto>();
        Assert.Equal(("succeeded", null), (payment.Status, payment.PayUrl));
        Assert.Equal(paid.TransactionId, (await server.PaymentRowAsync(created.Id)).ProviderTransactionId);
        var record = Assert.Single(await server.NotificationsAsync(created.OutTradeNo));
        Assert.Equal((NotificationOutcomes.Paid, "alipay", paid.NotificationId), (record.Outcome, record.Provider, record.NotificationId));
        Assert.Equal(1, await server.PaymentTransitionsAsync(created.OutTradeNo, PaymentStatus.Succeeded));
    }

    [Fact]
    public async Task A_page_payment_is_pending_with_a_page_pay_url_until_paid()
    {
        var (customer, _, created) = await AlipayPaymentAsync("page");
        var read = await (await customer.Client.GetAsync($"/api/v1/payments/{created.Id}")).ReadAs<PaymentDto>();
        Assert.Equal("pending", read.Status);
        Assert.Equal(AlipayPayRequestBuilder.PagePayMethod, QueryHelpers.ParseQuery(new Uri(read.PayUrl!).Query)["method"].ToString());
    }

    [Fact]
    public async Task Ten_identical_notifications_at_once_make_exactly_one_transition()
    {
        var (_, order, payment) = await AlipayPaymentAsync();

        var paid = await PayAsync(server.Client, new { outTradeNo = payment.OutTradeNo, duplicates = 10 });

        Assert.Equal(10, paid.Deliveries.Count);
        Assert.All(paid.Deliveries, d => Assert.Equal((200, "success"), (d.Status, d.Body)));
        Assert.Single((await server.OrderAsAdminAsync(order.Id)).History, h => h.To == "paid");
        Assert.Single(await server.NotificationsAsync(payment.OutTradeNo));
        Assert.Equal(1, await server.PaymentTransitionsAsync(payment.OutTradeNo, PaymentStatus.Succeeded));
    }

    [Fact]
    public async Task A_second_notification_for_the_same_trade_is_success_without_a_second_transition()
    {
        var (_, order, payment) = await AlipayPaymentAsync();
        var gateway = server.Services.GetRequiredService<AlipaySandboxGateway>();
        var first = gateway.Build(AlipaySandboxSetup.AppId, payment.OutTradeNo, payment.AmountFen);
        var notifyUrl = server.Services.GetRequiredService<AlipayEndpoints>().NotifyUrl;
        Assert.Equal("success", (await AlipaySandbox.SendAsync(server.CreateClient(), notifyUrl, first, CancellationToken.None)).Body);

        var finished = new Dictionary<string, string>(first.Fields) { ["notify_id"] = "later-" + first.NotifyId };
        var resigned = gateway.Resign(finished);
        Assert.Equal("success", (await AlipaySandbox.SendAsync(server.CreateClient(), notifyUrl, resigned, CancellationToken.None)).Body);

        Assert.Single((await server.OrderAsAdminAsync(order.Id)).History, h => h.To == "paid");
        Assert.Equal([NotificationOutcomes.DuplicateTransaction, NotificationOutcomes.Paid],
            (await server.NotificationsAsync(payment.OutTradeNo)).Select(n => n.Outcome).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("TRADE_CLOSED", "pending", "pendingPayment", NotificationOutcomes.Ignored)]
    [InlineData("WAIT_BUYER_PAY", "pending", "pendingPayment", NotificationOutcomes.Ignored)]
    [InlineData("TRADE_FINISHED", "succeeded", "paid", NotificationOutcomes.Paid)]
    public async Task Only_trade_success_and_trade_finished_pay(string tradeStatus, string paymentStatus, string orderStatus, string outcome)
    {
        var (customer, order, payment) = await AlipayPaymentAsync();
        var form = server.Services.GetRequiredService<AlipaySandboxGateway>().Build(AlipaySandboxSetup.AppId, payment.OutTradeNo, payment.AmountFen, tradeStatus);

        var delivery = await AlipaySandbox.SendAsync(server.CreateClient(), server.Services.GetRequiredService<AlipayEndpoints>().NotifyUrl, form, CancellationToken.None);

        Assert.Equal("success", delivery.Body);
        Assert.Equal(paymentStatus, (await (await customer.Client.GetAsync($"/api/v1/payments/{payment.Id}")).ReadAs<PaymentDto>()).Status);
        Assert.Equal(orderStatus, (await server.OrderAsAdminAsync(order.Id)).Status);
        Assert.Equal(outcome, Assert.Single(await server.NotificationsAsync(payment.OutTradeNo)).Outcome);
    }

    [Fact]
    public async Task A_forged_signature_is_failure_and_changes_nothing()
    {
        var (_, order, payment) = await AlipayPaymentAsync();

        var paid = await PayAsync(server.Client, new { outTradeNo = payment.OutTradeNo, corruptSignature = true });

        Assert.Equal("failure", Assert.Single(paid.Deliveries).Body);
        Assert.Equal("pendingPayment", (await server.OrderAsAdminAsync(order.Id)).Status);
        Assert.Equal(PaymentStatus.Pending, (await server.PaymentRowAsync(payment.Id)).Status);
        Assert.Empty(await server.NotificationsAsync(payment.OutTradeNo));
    }

    [Fact]
    public async Task An_amount_mismatch_is_failure_and_recorded()
    {
        var (_, order, payment) = await AlipayPaymentAsync();

        var paid = await PayAsync(server.Client, new { outTradeNo = payment.OutTradeNo, amountFen = payment.AmountFen - 1 });

        Assert.Equal("failure", Assert.Single(paid.Deliveries).Body);
        var record = Assert.Single(await server.NotificationsAsync(payment.OutTradeNo));
        Assert.Equal((NotificationOutcomes.AmountMismatch, paid.NotificationId), (record.Outcome, record.NotificationId));
        Assert.Equal(PaymentStatus.Pending, (await server.PaymentRowAsync(payment.Id)).Status);
        Assert.Equal("pendingPayment", (await server.OrderAsAdminAsync(order.Id)).Status);
    }

    [Fact]
    public async Task An_unknown_order_is_failure()
    {
        var gateway = server.Services.GetRequiredService<AlipaySandboxGateway>();
        var outTradeNo = "P" + Random.Shared.NextInt64(1, long.MaxValue);
        var form = gateway.Build(AlipaySandboxSetup.AppId, outTradeNo, 100);

        var delivery = await AlipaySandbox.SendAsync(server.CreateClient(), server.Services.GetRequiredService<AlipayEndpoints>().NotifyUrl, form, CancellationToken.None);

        Assert.Equal("failure", delivery.Body);
        Assert.Equal(NotificationOutcomes.UnknownOrder, Assert.Single(await server.NotificationsAsync(outTradeNo)).Outcome);
        await (await server.Client.PostAsJsonAsync("/sandbox/alipay/pay", new { outTradeNo })).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }
}

public sealed class PaymentTestsOnSqlite(SqliteServer server) : PaymentTests<SqliteServer>(server);

public sealed class PaymentTestsOnPostgres(PostgresServer server) : PaymentTests<PostgresServer>(server);

public sealed class AlipayPaymentTestsOnSqlite(SqliteServer server) : AlipayPaymentTests<SqliteServer>(server);

public sealed class AlipayPaymentTestsOnPostgres(PostgresServer server) : AlipayPaymentTests<PostgresServer>(server);
