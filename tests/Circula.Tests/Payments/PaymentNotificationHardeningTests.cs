using System.Net;
using System.Net.Http.Json;
using System.Text;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Payments;
using Circula.Payments.Alipay;
using Circula.Payments.Contracts;
using Circula.Payments.Endpoints;
using Circula.Payments.Providers;
using Circula.Payments.WeChatPay;
using Circula.Sandbox;
using Circula.Sandbox.Alipay;
using Circula.Sandbox.WeChatPay;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Circula.Tests.Payments;

/// <summary>
/// Callbacks and answers a provider (or someone posing as one) can send that must neither crash nor loop: oversized Alipay
/// forms, a transaction id that already paid another payment, totals the provider cannot take, a query reporting another amount.
/// </summary>
public abstract class PaymentNotificationHardeningTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private string AlipayNotifyUrl => server.Services.GetRequiredService<AlipayEndpoints>().NotifyUrl;

    public static TheoryData<string, int> OversizedForms => new()
    {
        { "a 5 MB value", (int)HttpStatusCode.RequestEntityTooLarge },
        { "5000 fields", (int)HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(OversizedForms))]
    public async Task An_oversized_alipay_notification_is_a_4xx_failure_logged_once(string shape, int status)
    {
        var body = shape == "a 5 MB value"
            ? "notify_id=big&charset=utf-8&subject=" + new string('a', 5 * 1024 * 1024)
            : "notify_id=many&" + string.Join('&', Enumerable.Range(0, 5000).Select(i => $"f{i}=1"));
        var logged = server.Logs.Entries.Count;

        using var response = await server.CreateClient().PostAsync(AlipayNotifyUrl, new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.Equal((status, AlipayNotify.Failure), ((int)response.StatusCode, await response.Content.ReadAsStringAsync()));
        var entries = server.Logs.Entries.Skip(logged).Where(e => e.Level >= LogLevel.Warning).ToList();
        var entry = Assert.Single(entries);
        Assert.StartsWith("Alipay notification refused", entry.Message, StringComparison.Ordinal);
        Assert.Null(entry.Exception);
    }

    [Fact]
    public async Task A_verified_wechatpay_notification_whose_transaction_paid_another_payment_is_acknowledged_recorded_once_and_applied_to_neither()
    {
        var (firstOrder, first) = await server.PendingPaymentAsync();
        var paid = await (await server.Client.PostAsJsonAsync("/sandbox/wechatpay/pay", new { outTradeNo = first.OutTradeNo })).ReadAs<SandboxPayDto>();
        var (order, payment) = await server.PendingPaymentAsync();
        var prepay = (await server.Services.GetRequiredService<WeChatPaySandboxTrades>().FindAsync(payment.OutTradeNo, CancellationToken.None))!.Prepay;
        var notification = server.Services.GetRequiredService<WeChatPaySandboxGateway>().BuildSuccess(prepay, payment.AmountFen, transactionId: paid.TransactionId);
        var notifyUrl = server.Services.GetRequiredService<WeChatPayEndpoints>().NotifyUrl;

        var deliveries = new List<SandboxDelivery>();
        for (var i = 0; i < 3; i++)
        {
            deliveries.Add(await WeChatPaySandbox.SendAsync(server.CreateClient(), notifyUrl, notification, CancellationToken.None));
        }

        Assert.All(deliveries, d => Assert.Equal(204, d.Status)); // the provider stops
        Assert.Equal((PaymentStatus.Pending, null), ((await server.PaymentRowAsync(payment.Id)).Status, (await server.PaymentRowAsync(payment.Id)).ProviderTransactionId));
        Assert.Equal("pendingPayment", (await server.OrderAsAdminAsync(order.Id)).Status);
        Assert.Equal((PaymentStatus.Succeeded, paid.TransactionId),
            ((await server.PaymentRowAsync(first.Id)).Status, (await server.PaymentRowAsync(first.Id)).ProviderTransactionId));
        Assert.Single((await server.OrderAsAdminAsync(firstOrder.Id)).History, h => h.To == "paid");
        var record = Assert.Single(await server.NotificationsAsync(payment.OutTradeNo));
        Assert.Equal((NotificationOutcomes.TransactionOfAnotherPayment, notification.Id, paid.TransactionId),
            (record.Outcome, record.NotificationId, record.ProviderTransactionId));
        var alert = Assert.Single(await server.OutboxEventsAsync<PaymentMoneyUnapplied>(), e => e.OutTradeNo == payment.OutTradeNo);
        Assert.Equal((paid.TransactionId, NotificationOutcomes.TransactionOfAnotherPayment), (alert.TransactionId, alert.Outcome));
    }

    [Theory]
    [InlineData(WeChatPayProvider.Name, "native", 22, 1)] // 22 × 1,000,000.00 yuan > 2147483647 fen
    [InlineData(AlipayProvider.Name, "wap", 99, 2)] // 198 × 1,000,000.00 yuan > 100,000,000.00 yuan
    public async Task A_total_above_what_the_provider_takes_is_refused_before_any_payment_exists(string provider, string channel, int quantity, int lines)
    {
        var skus = new List<TestSku>();
        for (var i = 0; i < lines; i++)
        {
            skus.Add(await server.CreateSkuAsync(stock: quantity, priceFen: 100_000_000));
        }

        var customer = await server.CreateUserAsync(Roles.Customer);
        var order = await (await customer.Client.PlaceAsync(Guid.NewGuid().ToString(), [.. skus.Select(s => (s.Id, quantity))])).ReadAs<OrderDto>(HttpStatusCode.Created);

        var refused = await customer.Client.PostAsJsonAsync("/api/v1/payments", new { orderId = order.Id, provider, channel });

        await refused.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, PaymentStart.AmountAboveProviderLimit);
        Assert.Equal(0, await server.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<CirculaDbContext>().Set<Payment>().Count(p => p.OrderId == long.Parse(order.Id)))));
    }

    [Theory]
    [InlineData(WeChatPayProvider.Name)]
    [InlineData(AlipayProvider.Name)]
    public async Task A_query_answer_reporting_another_amount_is_recorded_as_a_mismatch_and_pays_nothing(string provider)
    {
        var (order, payment) = await server.PendingPaymentAsync(provider, 3190);
        var transactionId = await ProviderReportsPaidAsync(provider, payment.OutTradeNo, payment.AmountFen + 1);

        var looked = await server.WithScopeAsync(sp => sp.GetRequiredService<PaymentReconciliation>().ReconcileAsync(long.Parse(payment.Id), CancellationToken.None));

        Assert.Equal(ReconcileResult.Applied, looked);
        var record = Assert.Single(await server.NotificationsAsync(payment.OutTradeNo));
        Assert.Equal((TradeQuery.PaidId(transactionId), NotificationOutcomes.AmountMismatch), (record.NotificationId, record.Outcome));
        Assert.Contains((payment.AmountFen + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), record.Detail, StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.Pending, (await server.PaymentRowAsync(payment.Id)).Status);
        Assert.Equal("pendingPayment", (await server.OrderAsAdminAsync(order.Id)).Status);
        Assert.Equal(0, await server.PaymentTransitionsAsync(payment.OutTradeNo, PaymentStatus.Succeeded));
    }

    /// <summary>The provider's own record says the trade was paid with <paramref name="amountFen"/>; answers the transaction id.</summary>
    private async Task<string> ProviderReportsPaidAsync(string provider, string outTradeNo, long amountFen)
    {
        var transactionId = "4200" + Random.Shared.NextInt64(100_000_000_000, 999_999_999_999);
        if (provider == AlipayProvider.Name)
        {
            await server.Services.GetRequiredService<AlipaySandboxTrades>().MarkPaidAsync(outTradeNo, transactionId, amountFen, CancellationToken.None);
            return transactionId;
        }

        await server.Services.GetRequiredService<WeChatPaySandboxTrades>().MarkPaidAsync(outTradeNo, transactionId, CancellationToken.None);
        await server.Services.GetRequiredService<SandboxDatabase>().ExecuteAsync("UPDATE sandbox_wechatpay_prepays SET amount_fen = @amount WHERE out_trade_no = @outTradeNo",
            CancellationToken.None, ("@amount", amountFen), ("@outTradeNo", outTradeNo));
        return transactionId;
    }
}

public sealed class PaymentNotificationHardeningTestsOnSqlite(SqliteServer server) : PaymentNotificationHardeningTests<SqliteServer>(server);

public sealed class PaymentNotificationHardeningTestsOnPostgres(PostgresServer server) : PaymentNotificationHardeningTests<PostgresServer>(server);
