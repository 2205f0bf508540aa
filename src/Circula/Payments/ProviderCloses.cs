using Circula.Data;
using Circula.Payments.Alipay;
using Circula.Payments.Contracts;
using Circula.Payments.WeChatPay;
using Circula.Shared.StateMachines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Payments;

/// <summary>
/// The one way Circula closes a live payment of an order that will not be paid: it closes the trade at the provider
/// first (WeChat Pay <c>POST .../out-trade-no/{no}/close</c>, Alipay <c>alipay.trade.close</c>), so paying it afterwards
/// is refused there, and then moves the payment Close → Closed here with the version check. A provider that refuses
/// because the trade is paid (WeChat Pay ORDERPAID, Alipay ACQ.TRADE_STATUS_ERROR) is queried instead, through
/// <see cref="PaymentReconciliation"/> and so <see cref="PaymentNotificationProcessor"/>: the payment becomes Succeeded and
/// the money goes back by the paid-after-cancel refund. An unreachable provider, an unverified answer or any other refusal
/// throws, so the caller (an outbox message, the reconciler) tries again later; closing twice is harmless at both providers.
/// </summary>
public sealed class ProviderCloses(
    CirculaDbContext db, StateMachineEngine engine, IServiceProvider services, IOptions<WeChatPayOptions> wechat, IOptions<AlipayOptions> alipay,
    ILogger<ProviderCloses> logger)
{
    /// <summary>Closes <paramref name="payment"/> (Created or Pending) at its provider and here; answers its status afterwards.</summary>
    public async Task<PaymentStatus> CloseAsync(Payment payment, CancellationToken ct)
    {
        var answer = payment.Provider switch
        {
            Payment.WeChatPay when wechat.Value.Enabled => await AskWeChatPayAsync(payment.OutTradeNo, ct),
            Payment.Alipay when alipay.Value.Enabled => await AskAlipayAsync(payment.OutTradeNo, ct),
            _ => null,
        };
        if (answer is null)
        {
            logger.LogWarning("Payment {PaymentId}: {Provider} is not enabled, so its trade {OutTradeNo} cannot be closed; the payment stays {Status}",
                payment.Id, payment.Provider, payment.OutTradeNo, payment.Status);
            return payment.Status;
        }

        return answer.Refused ? await ApplyProviderStateAsync(payment, answer.Detail, ct) : await CloseHereAsync(payment.Id, answer.Detail, ct);
    }

    /// <summary>The provider's verified answer to the close: closed (or nothing there to pay), or refused because of the trade's state.</summary>
    private sealed record CloseAnswer(bool Refused, string Detail);

    private async Task<CloseAnswer> AskWeChatPayAsync(string outTradeNo, CancellationToken ct)
    {
        var result = await services.GetRequiredService<WeChatPayClient>().CloseAsync(outTradeNo, ct);
        return result.Error switch
        {
            null => new(false, "WeChat Pay closed the order"),
            { Kind: WeChatPayErrorKind.Rejected, Code: WeChatPayError.OrderPaid } => new(true, "WeChat Pay answered ORDERPAID"),
            // The prepay never reached WeChat Pay (the payment stayed Created): there is nothing there to pay.
            { Kind: WeChatPayErrorKind.Rejected, Code: WeChatPayError.OrderNotExist } => new(false, "WeChat Pay has no such order"),
            { } error => throw new InvalidOperationException(
                $"WeChat Pay close of {outTradeNo} failed ({error.Kind} {error.Status} {error.Code}); it will be retried."),
        };
    }

    private async Task<CloseAnswer> AskAlipayAsync(string outTradeNo, CancellationToken ct)
    {
        var result = await services.GetRequiredService<AlipayClient>().CloseAsync(outTradeNo, ct);
        return result.Error switch
        {
            null => new(false, "Alipay closed the trade"),
            // Alipay makes the trade when the buyer opens the pay page; none yet means nothing to pay now. A payUrl signed
            // earlier stays usable until its time_expire (the order's payment deadline), see docs/payments.md.
            { Kind: AlipayErrorKind.Business, SubCode: AlipayError.TradeNotExist } => new(false, "Alipay has no trade yet (the buyer never opened the pay page)"),
            // Paid, or closed already: the query tells which.
            { Kind: AlipayErrorKind.Business, SubCode: AlipayError.TradeStatusError } => new(true, "Alipay answered ACQ.TRADE_STATUS_ERROR"),
            { } error => throw new InvalidOperationException(
                $"Alipay close of {outTradeNo} failed ({error.Kind} {error.Code} {error.SubCode}); it will be retried."),
        };
    }

    /// <summary>The provider would not close: its query, applied like a callback, decides (Succeeded, or Closed when it was closed already).</summary>
    private async Task<PaymentStatus> ApplyProviderStateAsync(Payment payment, string detail, CancellationToken ct)
    {
        var looked = await services.GetRequiredService<PaymentReconciliation>().ApplyProviderStateAsync(payment.Id, ct);
        var status = await db.Set<Payment>().AsNoTracking().Where(p => p.Id == payment.Id).Select(p => p.Status).SingleAsync(ct);
        if (status is PaymentStatus.Created or PaymentStatus.Pending)
        {
            throw new InvalidOperationException(
                $"{payment.Provider} would not close {payment.OutTradeNo} ({detail}) and its query changed nothing ({looked}); it will be retried.");
        }

        logger.LogInformation("Payment {PaymentId}: {Provider} would not close {OutTradeNo} ({Detail}); after its query the payment is {Status}",
            payment.Id, payment.Provider, payment.OutTradeNo, detail, status);
        return status;
    }

    /// <summary>Close → Closed with the version check; a payment that moved meanwhile (a success notification won) is left as it is.</summary>
    private async Task<PaymentStatus> CloseHereAsync(long paymentId, string detail, CancellationToken ct)
    {
        var payment = await db.Set<Payment>().SingleAsync(p => p.Id == paymentId, ct);
        if (payment.IsLive && engine.Apply(PaymentStateMachine.Machine, payment, PaymentTrigger.Close, Requester.System, detail).IsSuccess)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                logger.LogInformation("Payment {PaymentId} ({Provider} {OutTradeNo}) closed: {Detail}", payment.Id, payment.Provider, payment.OutTradeNo, detail);
                return PaymentStatus.Closed;
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                payment = await db.Set<Payment>().AsNoTracking().SingleAsync(p => p.Id == paymentId, ct);
                if (payment.IsLive)
                {
                    throw;
                }
            }
        }

        logger.LogInformation("Payment {PaymentId} ({Provider} {OutTradeNo}): {Detail}; it is already {Status} here", payment.Id, payment.Provider,
            payment.OutTradeNo, detail, payment.Status);
        return payment.Status;
    }
}
