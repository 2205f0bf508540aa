using System.Net;
using System.Net.Http.Json;
using Circula.Identity.Contracts;
using Circula.Payments;
using Circula.Payments.WeChatPay;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Payments;

/// <summary>The WeChat Pay sandbox's reorder option: a refund's result overtakes the answer to the refund request.</summary>
public abstract class SandboxReorderTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer, IRecordingServer
{
    private async Task PayReorderedAsync(string outTradeNo)
    {
        var paid = await (await server.Client.PostAsJsonAsync("/sandbox/wechatpay/pay", new { outTradeNo, reorder = true })).ReadAs<SandboxPayDto>();
        Assert.Equal(204, Assert.Single(paid.Deliveries).Status);
    }

    [Fact]
    public async Task With_reorder_the_refund_notification_has_arrived_before_the_refund_request_is_answered()
    {
        var (_, payment) = await server.PendingPaymentAsync();
        await PayReorderedAsync(payment.OutTradeNo);
        var notified = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (peer, baseUrl) = await LoopbackPeer.StartAsync(app => app.MapPost("/refund-notify", () =>
        {
            notified.TrySetResult();
            return Results.NoContent();
        }));
        await using (peer)
        {
            var answer = await server.Services.GetRequiredService<WeChatPayClient>().RefundAsync(new RefundRequest(null, payment.OutTradeNo,
                "RT" + payment.Id, new RefundRequestAmount(payment.AmountFen, payment.AmountFen), "reorder", baseUrl + "/refund-notify"), CancellationToken.None);

            Assert.Equal(WeChatPayRefund.Processing, answer.Value?.Status);
            Assert.True(notified.Task.IsCompleted, "the REFUND.SUCCESS notification should have been delivered before the PROCESSING answer");
        }
    }

    [Fact]
    public async Task A_refund_after_cancel_that_is_notified_before_it_is_answered_succeeds_once()
    {
        var (order, created) = await server.PendingPaymentAsync();

        var (payment, refund) = await server.RefundedAfterTimeoutCancelAsync(order.Id, created, () => PayReorderedAsync(created.OutTradeNo));

        Assert.Contains(await server.NotificationsAsync(created.OutTradeNo), n => n.Outcome == NotificationOutcomes.Refunded);
        await server.RedeliveryChangesNothingAsync(payment, refund);
    }
}

public sealed class SandboxReorderTestsOnSqlite(RecordingSqliteServer server) : SandboxReorderTests<RecordingSqliteServer>(server);

public sealed class SandboxReorderTestsOnPostgres(RecordingPostgresServer server) : SandboxReorderTests<RecordingPostgresServer>(server);
