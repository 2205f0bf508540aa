using Circula.Data;
using Circula.Payments.Alipay;
using Circula.Payments.Contracts;
using Circula.Payments.WeChatPay;
using Circula.Shared.Ids;
using Circula.Shared.StateMachines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Circula.Payments;

/// <summary>
/// The one way Circula gives a payment's money back: stores the payment's one full refund (the unique index
/// <c>ux_refunds_payment</c> makes a redelivered or concurrent request find it instead of adding a second, whatever the
/// reason) and asks the payment's provider. WeChat Pay answers PROCESSING and finishes with a REFUND.SUCCESS
/// notification; Alipay answers synchronously. A provider that cannot be reached leaves the refund Requested and throws,
/// so the caller's outbox message is retried with the same out_refund_no, which both providers treat as the same refund.
/// </summary>
public sealed class ProviderRefunds(
    CirculaDbContext db, StateMachineEngine engine, SnowflakeIdGenerator ids, TimeProvider clock, IServiceProvider services, ILogger<ProviderRefunds> logger)
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

        var answer = payment.Provider == Payment.Alipay ? await AskAlipayAsync(payment, refund, ct) : await AskWeChatPayAsync(payment, refund, ct);
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
    public static string ProviderReason(string reason) => reason == Refund.PaidAfterCancel ? "订单已取消，自动退款" : "订单退款";

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

    /// <summary>A trusted answer of the provider: finished (<see cref="Succeeded"/> true or false, a refusal too) or accepted and in progress (null).</summary>
    private sealed record ProviderAnswer(string? ProviderRefundId, bool? Succeeded, string Detail)
    {
        public static ProviderAnswer Refused(string detail) => new(null, false, detail);
    }

    private async Task<ProviderAnswer> AskWeChatPayAsync(Payment payment, Refund refund, CancellationToken ct)
    {
        var request = new RefundRequest(null, payment.OutTradeNo, refund.OutRefundNo, new RefundRequestAmount(refund.AmountFen, payment.AmountFen),
            ProviderReason(refund.Reason), services.GetRequiredService<WeChatPayEndpoints>().RefundNotifyUrl);
        var result = await services.GetRequiredService<WeChatPayClient>().RefundAsync(request, ct);
        // 5xx SYSTEM_ERROR and 429 FREQUENCY_LIMITED mean "try again with the same out_refund_no", not a refusal: the outbox retries.
        if (result.Error is { Kind: WeChatPayErrorKind.Rejected, Status: < 500 and not 429 } refused)
        {
            return ProviderAnswer.Refused($"WeChat Pay refused the refund: {refused.Code} {refused.Message}");
        }

        var answer = result.Value ?? throw new InvalidOperationException($"WeChat Pay refund {refund.OutRefundNo} got no answer ({result.Error?.Code}); it will be retried.");
        return answer.Status switch
        {
            WeChatPayRefund.Success => new(answer.RefundId, true, "SUCCESS"),
            WeChatPayRefund.Closed or WeChatPayRefund.Abnormal => new(answer.RefundId, false, $"WeChat Pay reports the refund {answer.Status}"),
            // PROCESSING: REFUND.SUCCESS (or ABNORMAL/CLOSED) comes later, to the refund notify URL.
            _ => new(answer.RefundId, null, answer.Status),
        };
    }

    private async Task<ProviderAnswer> AskAlipayAsync(Payment payment, Refund refund, CancellationToken ct)
    {
        var result = await services.GetRequiredService<AlipayClient>().RefundAsync(payment.OutTradeNo, refund.AmountFen, refund.OutRefundNo,
            ProviderReason(refund.Reason), ct);
        if (result.Error is { Kind: AlipayErrorKind.Business } refused)
        {
            return ProviderAnswer.Refused($"Alipay refused the refund: {refused.Code} {refused.SubCode} {refused.SubMessage}");
        }

        var answer = result.Value ?? throw new InvalidOperationException($"Alipay refund {refund.OutRefundNo} got no trusted answer ({result.Error?.Kind}); it will be retried.");
        // fund_change=N on a repeated out_request_no means an earlier attempt already moved the money: refund_fee shows it.
        var succeeded = answer.FundChanged || answer.RefundFen >= refund.AmountFen;
        return new(answer.TradeNo, succeeded, succeeded ? "fund_change=Y" : $"fund_change=N, refund_fee {answer.RefundFen} fen");
    }

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
