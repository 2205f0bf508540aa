using Circula.Data;
using Circula.Payments.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Circula.Payments;

/// <summary>
/// Asks a live payment's provider about its trade and hands a verified paid or closed answer to
/// <see cref="PaymentNotificationProcessor"/>, the very step the notify callbacks use, so a payment is marked Succeeded
/// and its order Paid in one place only. Never closes anything itself (so never answers <see cref="ReconcileResult.Closed"/>).
/// </summary>
public sealed class TradeQueries(CirculaDbContext db, PaymentProviders providers, PaymentNotificationProcessor processor, ILogger<TradeQueries> logger)
{
    public async Task<ReconcileResult> ApplyProviderStateAsync(long paymentId, CancellationToken ct)
    {
        var payment = await db.Set<Payment>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId, ct);
        if (payment is not { IsLive: true } || providers.Find(payment.Provider) is not { } provider)
        {
            return ReconcileResult.Skipped;
        }

        var query = await provider.QueryAsync(payment, ct);
        if (query is not { State: TradeState.Settled, Notice: { } notice })
        {
            return query.State == TradeState.Unpaid ? ReconcileResult.StillPending : ReconcileResult.Unknown;
        }

        if (notice.OutTradeNo != payment.OutTradeNo)
        {
            logger.LogError("{Provider} answered the query for {OutTradeNo} about {Other}; ignored", payment.Provider, payment.OutTradeNo, notice.OutTradeNo);
            return ReconcileResult.Unknown;
        }

        var outcome = await processor.ProcessAsync(notice, ct);
        logger.LogWarning("Reconciliation: {Provider} reports {OutTradeNo} {State} with no callback received; applied ({Result} {Outcome})",
            payment.Provider, payment.OutTradeNo, notice.State, outcome.Result, outcome.Outcome);
        return outcome.Result == NoticeResult.Busy ? ReconcileResult.Unknown : ReconcileResult.Applied;
    }
}
