using Circula.Payments;
using Circula.Payments.Providers;
using Circula.Payments.WeChatPay;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Payments.WeChatPay;

/// <summary>
/// An error answer changes a payment only when WeChat Pay signed it: the same words unsigned (a proxy's page, a forger in
/// the path) are Unverified, so a close or a refund is retried instead of closing a payment or failing a refund.
/// </summary>
public sealed class WeChatPayUnsignedAnswerTests(WeChatPayPeerFixture fixture) : IClassFixture<WeChatPayPeerFixture>
{
    private static long _nextId = Random.Shared.NextInt64(1_000_000, 9_000_000);

    private Payment PendingPayment() =>
        Payment.Start(Interlocked.Increment(ref _nextId), 1, 1, WeChatPayProvider.Name, WeChatPayProvider.Native, 4200, null,
            fixture.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);

    private async Task<CloseAnswer> CloseAsync(Payment payment)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WeChatPayProvider>().CloseAsync(payment, CancellationToken.None);
    }

    [Fact]
    public async Task An_unsigned_404_order_not_exist_to_a_close_is_retried_and_closes_nothing_while_a_signed_one_is_believed()
    {
        var unsigned = PendingPayment();
        var signed = PendingPayment();
        fixture.Peer.Errors[unsigned.OutTradeNo] = new(404, WeChatPayError.OrderNotExist, Signed: false);
        fixture.Peer.Errors[signed.OutTradeNo] = new(404, WeChatPayError.OrderNotExist, Signed: true);

        var client = await fixture.Client.CloseAsync(unsigned.OutTradeNo, CancellationToken.None);
        Assert.Equal((WeChatPayErrorKind.Unverified, 404, WeChatPayError.OrderNotExist), (client.Error!.Kind, client.Error.Status, client.Error.Code));
        await Assert.ThrowsAsync<ProviderUnavailableException>(() => CloseAsync(unsigned));
        Assert.Equal(new CloseAnswer(false, "WeChat Pay has no such order"), await CloseAsync(signed));
    }

    [Fact]
    public async Task An_unsigned_400_orderpaid_to_a_close_is_retried_not_taken_for_a_paid_trade()
    {
        var payment = PendingPayment();
        fixture.Peer.Errors[payment.OutTradeNo] = new(400, WeChatPayError.OrderPaid, Signed: false);

        await Assert.ThrowsAsync<ProviderUnavailableException>(() => CloseAsync(payment));
    }

    [Fact]
    public async Task An_unsigned_400_to_a_refund_or_a_query_is_unverified()
    {
        var payment = PendingPayment();
        fixture.Peer.Errors[payment.OutTradeNo] = new(400, "PARAM_ERROR", Signed: false);

        var refund = await fixture.Client.RefundAsync(new RefundRequest(null, payment.OutTradeNo, "R" + payment.Id, new RefundRequestAmount(100, 4200), "测试", null),
            CancellationToken.None);
        var query = await fixture.Client.QueryByOutTradeNoAsync(payment.OutTradeNo, CancellationToken.None);

        Assert.Equal((WeChatPayErrorKind.Unverified, 400, "PARAM_ERROR"), (refund.Error!.Kind, refund.Error.Status, refund.Error.Code));
        Assert.Equal(WeChatPayErrorKind.Unverified, query.Error!.Kind);
    }
}
