using System.Net;
using System.Net.Http.Json;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Ordering.Contracts;
using Circula.Payments.Alipay;
using Circula.Payments;
using Circula.Payments.Contracts;
using Circula.Payments.WeChatPay;
using Circula.Sandbox;
using Circula.Sandbox.WeChatPay;
using Circula.Shared.Ids;
using Circula.Shared.Outbox;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Payments;

/// <summary>What the refund tests read back and how they replay the outbox event.</summary>
internal static class RefundTestKit
{
    public static Task<List<Refund>> RefundsAsync(this CirculaServer server, string paymentId) =>
        server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<Refund>().AsNoTracking()
            .Where(r => r.PaymentId == long.Parse(paymentId)).ToListAsync());

    /// <summary>Hands the event to the refund handler as a redelivery would, each copy in its own scope, all at once.</summary>
    public static Task DeliverAgainAsync(this CirculaServer server, PaymentSucceededAfterCancel @event, int copies) =>
        DeliverAsync<RefundAfterCancelHandler, PaymentSucceededAfterCancel>(@event, copies, server.Services);

    /// <summary>Hands the event to <typeparamref name="THandler"/> of every instance, <paramref name="copies"/> times each, each in its own scope, all at once.</summary>
    public static Task DeliverAsync<THandler, TEvent>(TEvent @event, int copies, params IServiceProvider[] instances)
        where THandler : class, IOutboxHandler<TEvent> where TEvent : IIntegrationEvent
    {
        var envelope = new EventEnvelope(4242, TEvent.EventType, instances[0].GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, 2);
        return Task.WhenAll(instances.SelectMany(instance => Enumerable.Range(0, copies).Select(async _ =>
        {
            await using var scope = instance.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<THandler>().HandleAsync(@event, envelope, CancellationToken.None);
        })));
    }

    public static PaymentSucceededAfterCancel AfterCancel(Payment payment) =>
        new(PaymentId.From(payment.Id), OrderId.From(payment.OrderId), payment.OutTradeNo, payment.ProviderTransactionId!, payment.AmountFen, OrderStatus.Cancelled);

    /// <summary>
    /// Cancels the order at its deadline and pays (<paramref name="pay"/>) while the close of its trade is on its way to the
    /// provider (the one moment money can still arrive for a cancelled order: the close then finds the trade paid), and
    /// waits for the one automatic refund to succeed.
    /// </summary>
    public static async Task<(Payment Payment, Refund Refund)> RefundedAfterTimeoutCancelAsync<TServer>(this TServer server, string orderId, PaymentDto created,
        Func<Task> pay) where TServer : CirculaServer, IRecordingServer
    {
        var paymentId = created.Id;
        using (var close = server.ProviderCalls.HoldCloses(created.OutTradeNo))
        {
            await server.AdvanceClockAsync(TimeSpan.FromMinutes(31));
            await server.EventuallyAsync(async () => (await server.OrderAsAdminAsync(orderId)).Status == "cancelled");
            await close.Reached;

            await pay();
        }

        await server.EventuallyAsync(async () => (await server.RefundsAsync(paymentId)) is [{ Status: RefundStatus.Succeeded }]);
        var payment = await server.PaymentRowAsync(paymentId);
        var refund = Assert.Single(await server.RefundsAsync(paymentId));
        Assert.Equal((payment.AmountFen, Refund.PaidAfterCancel, "R" + refund.Id), (refund.AmountFen, refund.Reason, refund.OutRefundNo));
        Assert.NotNull(refund.SucceededAt);
        Assert.Equal(1, await server.RefundTransitionsAsync(refund.OutRefundNo, RefundStatus.Succeeded, Refund.PaidAfterCancel));
        await server.AssertEveryRefundTransitionRecordedAsync(refund);
        return (payment, refund);
    }

    /// <summary>The event delivered twice more: still the one refund, unchanged, and one alert; the order stays cancelled.</summary>
    public static async Task RedeliveryChangesNothingAsync(this CirculaServer server, Payment payment, Refund refund)
    {
        await server.DeliverAgainAsync(AfterCancel(payment), copies: 2);

        Assert.Equal(refund.Version, Assert.Single(await server.RefundsAsync(payment.Id.ToString())).Version);
        Assert.Equal(1, await server.RefundTransitionsAsync(refund.OutRefundNo, RefundStatus.Succeeded, Refund.PaidAfterCancel));
        Assert.Equal("cancelled", (await server.OrderAsAdminAsync(payment.OrderId.ToString())).Status);
    }

    /// <summary>
    /// The refund's history is one unbroken path from Requested to its status (directly, or through Processing when the
    /// provider answers later), and each step raised exactly one event.
    /// </summary>
    public static async Task AssertEveryRefundTransitionRecordedAsync(this CirculaServer server, Refund refund)
    {
        var rows = await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<RefundHistoryEntry>().AsNoTracking()
            .Where(h => h.RefundId == refund.Id).OrderBy(h => h.Id).ToListAsync());
        Assert.Equal([RefundStatus.Requested, .. rows.Select(r => r.ToStatus).SkipLast(1)], rows.Select(r => r.FromStatus));
        Assert.Equal(refund.Status, rows[^1].ToStatus);
        var events = (await server.OutboxEventsAsync<RefundStatusChanged>()).Where(e => e.OutRefundNo == refund.OutRefundNo).OrderBy(e => e.From);
        Assert.Equal(rows.Select(r => (r.FromStatus, r.ToStatus)).OrderBy(r => r.FromStatus), events.Select(e => (e.From, e.To)));
    }

    /// <summary>How many transitions of the refund <paramref name="outRefundNo"/> into <paramref name="to"/> raised their event (the operator's alert).</summary>
    public static async Task<int> RefundTransitionsAsync(this CirculaServer server, string outRefundNo, RefundStatus to, string reason) =>
        (await server.OutboxEventsAsync<RefundStatusChanged>()).Count(e => e.OutRefundNo == outRefundNo && e.To == to && e.Reason == reason);
}

/// <summary>WeChat Pay refunds through the built-in sandbox: automatic after a timeout-cancel, the refund notification, its anomalies.</summary>
public abstract class WeChatPayRefundTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer, IRecordingServer
{
    private async Task PayAsync(string outTradeNo)
    {
        var paid = await (await server.Client.PostAsJsonAsync("/sandbox/wechatpay/pay", new { outTradeNo })).ReadAs<SandboxPayDto>();
        Assert.Equal(204, Assert.Single(paid.Deliveries).Status);
    }

    /// <summary>A paid order's payment with a refund row in <paramref name="status"/>, as if our refund call were in flight or answered.</summary>
    private async Task<(Payment Payment, Refund Refund)> RefundInAsync(RefundStatus status)
    {
        var (_, created) = await server.PendingPaymentAsync();
        await PayAsync(created.OutTradeNo);
        var payment = await server.PaymentRowAsync(created.Id);
        var refund = await server.WithScopeAsync(async sp =>
        {
            var now = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var id = sp.GetRequiredService<SnowflakeIdGenerator>().NextId();
            var db = sp.GetRequiredService<CirculaDbContext>();
            db.Add(Refund.Request(id, payment, payment.AmountFen, Refund.PaidAfterCancel, now));
            await db.SaveChangesAsync();
            await db.Set<Refund>().Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status));
            return await db.Set<Refund>().AsNoTracking().SingleAsync(r => r.Id == id);
        });
        return (payment, refund);
    }

    private WeChatPaySandboxGateway.SignedNotification RefundSuccess(Payment payment, Refund refund, bool corruptSignature = false, long? refundFen = null)
    {
        var gateway = server.Services.GetRequiredService<WeChatPaySandboxGateway>();
        var notice = gateway.RefundSucceeded(new WeChatPaySandboxGateway.SandboxRefund("50" + refund.Id, payment.OutTradeNo, refund.OutRefundNo,
            refundFen ?? refund.AmountFen, payment.AmountFen, null));
        return gateway.BuildRefund(notice, corruptSignature: corruptSignature);
    }

    private Task<SandboxDelivery> SendAsync(WeChatPaySandboxGateway.SignedNotification notification) =>
        WeChatPaySandbox.SendAsync(server.CreateClient(), server.Services.GetRequiredService<WeChatPayEndpoints>().RefundNotifyUrl!, notification,
            CancellationToken.None);

    private async Task<Refund> RefundRowAsync(long id) =>
        await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<Refund>().AsNoTracking().SingleAsync(r => r.Id == id));

    [Fact]
    public async Task Money_after_the_timeout_cancel_is_refunded_once_and_succeeds_with_the_refund_notification()
    {
        var (order, created) = await server.PendingPaymentAsync();

        var (payment, refund) = await server.RefundedAfterTimeoutCancelAsync(order.Id, created, () => PayAsync(created.OutTradeNo));

        Assert.StartsWith("50", refund.ProviderRefundId, StringComparison.Ordinal);
        Assert.Contains(await server.NotificationsAsync(created.OutTradeNo), n => n.Outcome == NotificationOutcomes.Refunded);
        await server.RedeliveryChangesNothingAsync(payment, refund);
    }

    [Fact]
    public async Task The_event_delivered_twice_at_once_makes_exactly_one_refund()
    {
        var (_, created) = await server.PendingPaymentAsync();
        await PayAsync(created.OutTradeNo);
        var payment = await server.PaymentRowAsync(created.Id);

        await server.DeliverAgainAsync(RefundTestKit.AfterCancel(payment), copies: 2);

        await server.EventuallyAsync(async () => (await server.RefundsAsync(created.Id)) is [{ Status: RefundStatus.Succeeded }]);
        var refund = Assert.Single(await server.RefundsAsync(created.Id));
        Assert.Equal(1, await server.RefundTransitionsAsync(refund.OutRefundNo, RefundStatus.Succeeded, Refund.PaidAfterCancel));
    }

    [Fact]
    public async Task Duplicate_refund_notifications_make_one_transition()
    {
        var (payment, refund) = await RefundInAsync(RefundStatus.Processing);
        var notification = RefundSuccess(payment, refund);

        var deliveries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SendAsync(notification)));

        Assert.All(deliveries, d => Assert.Equal(204, d.Status));
        var after = await RefundRowAsync(refund.Id);
        Assert.Equal((RefundStatus.Succeeded, 2), (after.Status, after.Version));
        Assert.Single(await server.NotificationsAsync(payment.OutTradeNo), n => n.NotificationId == notification.Id);
        Assert.Equal(1, await server.RefundTransitionsAsync(refund.OutRefundNo, RefundStatus.Succeeded, Refund.PaidAfterCancel));
    }

    [Fact]
    public async Task A_forged_refund_notification_is_refused_and_changes_nothing()
    {
        var (payment, refund) = await RefundInAsync(RefundStatus.Processing);

        var delivery = await SendAsync(RefundSuccess(payment, refund, corruptSignature: true));

        Assert.Equal(401, delivery.Status);
        Assert.Contains("FAIL", delivery.Body, StringComparison.Ordinal);
        var after = await RefundRowAsync(refund.Id);
        Assert.Equal((RefundStatus.Processing, 1), (after.Status, after.Version));
        Assert.DoesNotContain(await server.NotificationsAsync(payment.OutTradeNo), n => n.EventType.StartsWith("REFUND.", StringComparison.Ordinal));
        Assert.Equal(0, await server.RefundTransitionsAsync(refund.OutRefundNo, RefundStatus.Succeeded, Refund.PaidAfterCancel));
    }

    [Fact]
    public async Task A_refund_notification_with_another_amount_is_refused_and_recorded()
    {
        var (payment, refund) = await RefundInAsync(RefundStatus.Processing);

        var delivery = await SendAsync(RefundSuccess(payment, refund, refundFen: refund.AmountFen - 1));

        Assert.Equal(400, delivery.Status);
        Assert.Equal(RefundStatus.Processing, (await RefundRowAsync(refund.Id)).Status);
        Assert.Contains(await server.NotificationsAsync(payment.OutTradeNo), n => n.Outcome == NotificationOutcomes.AmountMismatch);
    }

    [Fact]
    public async Task A_refund_success_for_a_refund_still_requested_ends_succeeded_exactly_once()
    {
        var (payment, refund) = await RefundInAsync(RefundStatus.Requested);

        var first = await SendAsync(RefundSuccess(payment, refund));
        var second = await SendAsync(RefundSuccess(payment, refund));

        Assert.Equal((204, 204), (first.Status, second.Status));
        var after = await RefundRowAsync(refund.Id);
        Assert.Equal((RefundStatus.Succeeded, 2), (after.Status, after.Version));
        Assert.NotNull(after.ProviderRefundId);
        var outcomes = (await server.NotificationsAsync(payment.OutTradeNo)).Where(n => n.EventType == WeChatPayNotification.RefundSuccess).Select(n => n.Outcome);
        Assert.Equal([NotificationOutcomes.RefundAlreadyFinished, NotificationOutcomes.Refunded], outcomes.Order(StringComparer.Ordinal));
        Assert.Equal(1, await server.RefundTransitionsAsync(refund.OutRefundNo, RefundStatus.Succeeded, Refund.PaidAfterCancel));

        // A late redelivery of the event finds the refund finished and leaves it so.
        await server.DeliverAgainAsync(RefundTestKit.AfterCancel(payment), copies: 1);
        Assert.Equal((RefundStatus.Succeeded, 2), ((await RefundRowAsync(refund.Id)).Status, (await RefundRowAsync(refund.Id)).Version));
    }
}

/// <summary>Alipay refunds through the built-in sandbox: alipay.trade.refund answers synchronously.</summary>
public abstract class AlipayRefundTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer, IRecordingServer
{
    private async Task PayAsync(string outTradeNo)
    {
        var paid = await (await server.Client.PostAsJsonAsync("/sandbox/alipay/pay", new { outTradeNo })).ReadAs<SandboxPayDto>();
        Assert.Equal("success", Assert.Single(paid.Deliveries).Body);
    }

    [Fact]
    public async Task Money_after_the_timeout_cancel_is_refunded_once_and_succeeds_synchronously()
    {
        var (order, created) = await server.PendingPaymentAsync(AlipayProvider.Name, 4990);

        var (payment, refund) = await server.RefundedAfterTimeoutCancelAsync(order.Id, created, () => PayAsync(created.OutTradeNo));

        Assert.Equal(payment.ProviderTransactionId, refund.ProviderRefundId);
        Assert.Equal(RefundStatus.Succeeded, refund.Status);
        await server.RedeliveryChangesNothingAsync(payment, refund);
    }

    [Fact]
    public async Task The_event_delivered_twice_at_once_makes_exactly_one_refund()
    {
        var (_, created) = await server.PendingPaymentAsync(AlipayProvider.Name, 4990);
        await PayAsync(created.OutTradeNo);
        var payment = await server.PaymentRowAsync(created.Id);

        await server.DeliverAgainAsync(RefundTestKit.AfterCancel(payment), copies: 2);

        var refund = Assert.Single(await server.RefundsAsync(created.Id));
        Assert.Equal(RefundStatus.Succeeded, refund.Status);
        Assert.Equal(1, await server.RefundTransitionsAsync(refund.OutRefundNo, RefundStatus.Succeeded, Refund.PaidAfterCancel));
    }
}

public sealed class WeChatPayRefundTestsOnSqlite(RecordingSqliteServer server) : WeChatPayRefundTests<RecordingSqliteServer>(server);

public sealed class WeChatPayRefundTestsOnPostgres(RecordingPostgresServer server) : WeChatPayRefundTests<RecordingPostgresServer>(server);

public sealed class AlipayRefundTestsOnSqlite(RecordingSqliteServer server) : AlipayRefundTests<RecordingSqliteServer>(server);

public sealed class AlipayRefundTestsOnPostgres(RecordingPostgresServer server) : AlipayRefundTests<RecordingPostgresServer>(server);
