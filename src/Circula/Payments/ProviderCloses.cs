using Circula.Data;
using Circula.Payments.Contracts;
using Circula.Payments.Providers;
using Circula.Shared.StateMachines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Circula.Payments;

/// <summary>
/// The one way Circula closes a live payment of an order that will not be paid: it closes the trade at the provider
/// first (WeChat Pay <c>POST .../out-trade-no/{no}/close</c>, Alipay <c>alipay.trade.close</c>), so paying it afterwards
/// is refused there, and then moves the payment Close → Closed here with the version check. A provider that refuses
/// because of the trade's state (WeChat Pay ORDERPAID, Alipay ACQ.TRADE_STATUS_ERROR) is queried instead, through
/// <see cref="TradeQueries"/> and so <see cref="PaymentNotificationProcessor"/>: the payment becomes Succeeded and the
/// money goes back by the paid-after-cancel refund. An unreachable provider, an unverified answer or any other refusal
/// throws, so the caller (an outbox message, the reconciler) tries again later; closing twice is harmless at both providers.
/// </summary>
public sealed class ProviderCloses(CirculaDbContext db, StateMachineEngine engine, PaymentProviders providers, TradeQueries queries, ILogger<ProviderCloses> logger)
{
    /// <summary>Closes <paramref name="payment"/> (Created or Pending) at its provider and here; answers its status afterwards.</summary>
    public async Task<PaymentStatus> CloseAsync(Payment payment, CancellationToken ct)
    {
        if (providers.Find(payment.Provider) is not { } provider)
        {
            logger.LogWarning("Payment {PaymentId}: {Provider} is not enabled, so its trade {OutTradeNo} cannot be closed; the payment stays {Status}",
                payment.Id, payment.Provider, payment.OutTradeNo, payment.Status);
            return payment.Status;
        }

        var answer = await provider.CloseAsync(payment, ct);
        return answer.RefusedForState ? await ApplyProviderStateAsync(payment, answer.Detail, ct) : await CloseHereAsync(payment.Id, answer.Detail, ct);
    }

    /// <summary>The provider would not close: its query, applied like a callback, decides (Succeeded, or Closed when it was closed already).</summary>
    private async Task<PaymentStatus> ApplyProviderStateAsync(Payment payment, string detail, CancellationToken ct)
    {
        var looked = await queries.ApplyProviderStateAsync(payment.Id, ct);
        var now = await db.Set<Payment>().AsNoTracking().SingleAsync(p => p.Id == payment.Id, ct);
        if (now.IsLive)
        {
            throw new ProviderUnavailableException(
                $"{payment.Provider} would not close {payment.OutTradeNo} ({detail}) and its query changed nothing ({looked}); it will be retried.");
        }

        logger.LogInformation("Payment {PaymentId}: {Provider} would not close {OutTradeNo} ({Detail}); after its query the payment is {Status}",
            payment.Id, payment.Provider, payment.OutTradeNo, detail, now.Status);
        return now.Status;
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
