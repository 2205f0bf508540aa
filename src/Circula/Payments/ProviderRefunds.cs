using Circula.Data;
using Circula.Payments.Contracts;
using Circula.Payments.Providers;
using Circula.Shared.Ids;
using Circula.Shared.StateMachines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Circula.Payments;

/// <summary>
/// The one way Circula gives a payment's money back: stores the payment's one full refund (the unique index
/// <c>ux_refunds_payment</c> makes a redelivered or concurrent request find it instead of adding a second, whatever the
/// reason) and asks the payment's provider. WeChat Pay answers PROCESSING and finishes with a REFUND.SUCCESS
/// notification; Alipay answers synchronously. A provider that cannot be reached (or is not enabled) leaves the refund
/// Requested and throws, so the caller's outbox message is retried with the same out_refund_no, which both providers
/// treat as the same refund.
/// </summary>
public sealed class ProviderRefunds(
    CirculaDbContext db, StateMachineEngine engine, PaymentProviders providers, SnowflakeIdGenerator ids, TimeProvider clock, ILogger<ProviderRefunds> logger)
{
    private static readonly UniqueIndex OneRefundPerPayment = new("ux_refunds_payment", "refunds.payment_id");

    /// <summary>Refunds <paramref name="payment"/> (Succeeded) in full for <paramref name="reason"/> (a <see cref="Refund"/> reason); answers the refund as stored.</summary>
    public async Task<Refund> RefundInFullAsync(Payment payment, string reason, CancellationToken ct)
    {
        var refund = await RequestAsync(payment, reason, ct);
        if (refund.Status != RefundStatus.Requested)
        {
            logger.LogInformation("Refund {OutRefundNo} of payment {PaymentId} is already {Status}", refund.OutRefundNo, payment.Id, refund.Status);
            return refund;
        }

        var provider = providers.Get(payment.Provider);
        if (!provider.IsSuccess)
        {
            throw new ProviderUnavailableException($"Refund {refund.OutRefundNo} of payment {payment.Id}: {provider.Error.Detail} It will be retried.");
        }

        var answer = await provider.Value.RefundAsync(payment, refund, PayerReason(refund.Reason), ct);
        refund.RecordProviderRefundId(answer.ProviderRefundId);
        var trigger = answer.Succeeded switch
        {
            true => RefundTrigger.Succeed,
            false => RefundTrigger.Fail,
            null => RefundTrigger.Accept,
        };
        engine.Apply(RefundStateMachine.Machine, refund, trigger, Requester.System, answer.Detail);
        await SaveAnswerAsync(payment, refund, ct);
        return refund;
    }

    /// <summary>What the payer's bill shows as the refund's reason.</summary>
    public static string PayerReason(string reason) => reason == Refund.PaidAfterCancel ? "订单已取消，自动退款" : "订单退款";

    private async Task<Refund> RequestAsync(Payment payment, string reason, CancellationToken ct)
    {
        if (await FindAsync(payment.Id, ct) is { } existing)
        {
            return Existing(existing, reason);
        }

        var refund = Refund.Request(ids.NextId(), payment, payment.AmountFen, reason, clock.GetUtcNow().UtcDateTime);
        db.Set<Refund>().Add(refund);
        try
        {
            await db.SaveChangesAsync(ct);
            return refund;
        }
        catch (DbUpdateException e) when (OneRefundPerPayment.IsViolatedBy(e))
        {
            // A concurrent delivery (of this event or of the other reason's) created it first.
            db.ChangeTracker.Clear();
            var winner = await FindAsync(payment.Id, ct) ?? throw new InvalidOperationException($"The refund of payment {payment.Id} conflicted but cannot be found.");
            return Existing(winner, reason);
        }
    }

    private Refund Existing(Refund refund, string reason)
    {
        if (refund.Reason != reason)
        {
            // The money can go back only once: the earlier refund stands for this reason too.
            logger.LogWarning("Payment {PaymentId} already has refund {OutRefundNo} ({Reason}, {Status}); no second refund for {NewReason}", refund.PaymentId,
                refund.OutRefundNo, refund.Reason, refund.Status, reason);
        }

        return refund;
    }

    private Task<Refund?> FindAsync(long paymentId, CancellationToken ct) => db.Set<Refund>().FirstOrDefaultAsync(r => r.PaymentId == paymentId, ct);

    private async Task SaveAnswerAsync(Payment payment, Refund refund, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Refund {OutRefundNo} of payment {PaymentId} ({Provider}, {AmountFen} fen, {Reason}) is {Status}", refund.OutRefundNo, payment.Id,
                payment.Provider, refund.AmountFen, refund.Reason, refund.Status);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The provider's notification got there first (it finishes a Requested refund itself): its state stands.
            db.ChangeTracker.Clear();
            var now = await db.Set<Refund>().AsNoTracking().SingleAsync(r => r.Id == refund.Id, ct);
            if (now.Status is RefundStatus.Requested)
            {
                throw;
            }

            logger.LogInformation("Refund {OutRefundNo} was finished by the provider's notification ({Status}) before the answer was stored", refund.OutRefundNo,
                now.Status);
        }
    }
}
