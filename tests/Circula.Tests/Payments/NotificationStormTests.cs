using Circula.Payments;
using Circula.Payments.Alipay;
using Circula.Payments.Contracts;
using Circula.Payments.Endpoints;
using Circula.Payments.WeChatPay;
using Circula.Sandbox;
using Circula.Sandbox.Alipay;
using Circula.Sandbox.WeChatPay;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Payments;

/// <summary>
/// Many identical copies of one genuine notification arriving together, with forged copies (the same notification, a
/// broken signature) among them, on both providers' notify URLs over real HTTP: the order is paid once, every genuine copy
/// is acknowledged, every forged copy is refused and changes nothing; copies split over two replicas on one database meet
/// at its unique index and still pay once.
/// </summary>
public abstract class NotificationStormTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private const int Copies = 30;
    private const int Forgeries = 6;

    /// <summary>A notification's genuine and forged sending (to a notify URL at an instance's address), and its provider's wire answers for each.</summary>
    private sealed record Storm(Func<Uri, Task<SandboxDelivery>> Genuine, Func<Uri, Task<SandboxDelivery>> Forged, SandboxDelivery Acknowledged, SandboxDelivery Refused);

    [Theory]
    [InlineData(WeChatPayProvider.Name)]
    [InlineData(AlipayProvider.Name)]
    public async Task Identical_copies_at_once_pay_once_and_forged_copies_among_them_are_refused(string provider)
    {
        var (order, payment) = await server.PendingPaymentAsync(provider);
        var storm = await StormAsync(provider, payment);

        var forgedFirst = await Task.WhenAll(Enumerable.Range(0, Forgeries).Select(_ => storm.Forged(server.BaseAddress)));

        Assert.All(forgedFirst, d => Assert.Equal(storm.Refused, d));
        Assert.Empty(await server.NotificationsAsync(payment.OutTradeNo));
        Assert.Equal(PaymentStatus.Pending, (await server.PaymentRowAsync(payment.Id)).Status);

        var sends = Enumerable.Range(0, Copies + Forgeries).Select(i => (Forged: i % 6 == 5, Send: i % 6 == 5 ? storm.Forged : storm.Genuine)).ToList();
        var answers = await Task.WhenAll(sends.Select(async s => (s.Forged, Delivery: await s.Send(server.BaseAddress))));

        Assert.All(answers.Where(a => !a.Forged), a => Assert.Equal(storm.Acknowledged, a.Delivery));
        Assert.All(answers.Where(a => a.Forged), a => Assert.Equal(storm.Refused, a.Delivery));
        Assert.Equal(Forgeries, answers.Count(a => a.Forged));
        await AssertPaidOnceAsync(order, payment);
    }

    [Theory]
    [InlineData(WeChatPayProvider.Name)]
    [InlineData(AlipayProvider.Name)]
    public async Task Identical_copies_at_once_on_two_replicas_pay_once(string provider)
    {
        await using var replica = await server.StartReplicaAsync();
        var (order, payment) = await server.PendingPaymentAsync(provider);
        var storm = await StormAsync(provider, payment);

        var answers = await Task.WhenAll(Enumerable.Range(0, Copies).Select(i => storm.Genuine(i % 2 == 0 ? server.BaseAddress : replica.BaseAddress)));

        Assert.All(answers, a => Assert.Equal(storm.Acknowledged, a));
        await AssertPaidOnceAsync(order, payment);
    }

    private async Task AssertPaidOnceAsync(OrderDto order, PaymentDto payment)
    {
        Assert.Equal(NotificationOutcomes.Paid, Assert.Single(await server.NotificationsAsync(payment.OutTradeNo)).Outcome);
        Assert.Equal(PaymentStatus.Succeeded, (await server.PaymentRowAsync(payment.Id)).Status);
        var after = await server.OrderAsAdminAsync(order.Id);
        Assert.Equal("paid", after.Status);
        Assert.Single(after.History, h => h.To == "paid");
        Assert.Equal(1, await server.PaymentTransitionsAsync(payment.OutTradeNo, PaymentStatus.Succeeded));
    }

    private async Task<Storm> StormAsync(string provider, PaymentDto payment)
    {
        if (provider == AlipayProvider.Name)
        {
            var alipay = server.Services.GetRequiredService<AlipaySandboxGateway>();
            var form = alipay.Build(AlipaySandboxSetup.AppId, payment.OutTradeNo, payment.AmountFen);
            var forged = alipay.Resign(form.Fields, corruptSignature: true);
            Assert.Equal(form.NotifyId, forged.NotifyId);
            var alipayPath = new Uri(server.Services.GetRequiredService<AlipayEndpoints>().NotifyUrl).PathAndQuery;
            return new Storm(at => AlipaySandbox.SendAsync(server.CreateClient(), new Uri(at, alipayPath).ToString(), form, CancellationToken.None),
                at => AlipaySandbox.SendAsync(server.CreateClient(), new Uri(at, alipayPath).ToString(), forged, CancellationToken.None), new SandboxDelivery(200, AlipayNotify.Success), new SandboxDelivery(200, AlipayNotify.Failure));
        }

        var gateway = server.Services.GetRequiredService<WeChatPaySandboxGateway>();
        var prepay = (await server.Services.GetRequiredService<WeChatPaySandboxTrades>().FindAsync(payment.OutTradeNo, CancellationToken.None))!.Prepay;
        var notification = gateway.BuildSuccess(prepay, payment.AmountFen);
        var signature = Convert.FromBase64String(notification.Headers.Signature!);
        signature[^1] ^= 0x01;
        var forgedCopy = notification with { Headers = notification.Headers with { Signature = Convert.ToBase64String(signature) } };
        var path = new Uri(server.Services.GetRequiredService<WeChatPayEndpoints>().NotifyUrl).PathAndQuery;
        return new Storm(at => WeChatPaySandbox.SendAsync(server.CreateClient(), new Uri(at, path).ToString(), notification, CancellationToken.None),
            at => WeChatPaySandbox.SendAsync(server.CreateClient(), new Uri(at, path).ToString(), forgedCopy, CancellationToken.None), new SandboxDelivery(204, ""),
            new SandboxDelivery(401, """{"code":"FAIL","message":"signature_invalid"}"""));
    }
}

public sealed class NotificationStormTestsOnSqlite(SqliteServer server) : NotificationStormTests<SqliteServer>(server);

public sealed class NotificationStormTestsOnPostgres(PostgresServer server) : NotificationStormTests<PostgresServer>(server);
