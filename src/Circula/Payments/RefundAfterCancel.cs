using System.Globalization;
using Circula.Data;
using Circula.Payments.Alipay;
using Circula.Payments.WeChatPay;
using Circula.Shared.Ids;
using Circula.Shared.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Circula.Payments;

/// <summary>Operator alert: money that arrived after the order was cancelled went back to the payer.</summary>
public sealed record PaymentRefundedAfterCancel(string RefundId, string PaymentId, string OrderId, string Provider, string OutTradeNo, string OutRefundNo, long AmountFen)
    : IIntegrationEvent
{
    public static string EventType => "payment.refunded-after-cancel";
}

/// <summary>Operator alert: a refund failed at the provider (refused, ABNORMAL or CLOSED); the money has to be returned by hand.</summary>
public sealed record PaymentRefundFailed(string RefundId, string PaymentId, string OrderId, string Provider, string OutTradeNo, string OutRefundNo, long AmountFen, string Detail)
    : IIntegrationEvent
{
    public static string EventType => "payment.refund-failed";
}

/// <summary>Finishing a refund: the transition and, in the same unit of work, the operator alert.</summary>
public static class RefundFinish
{
    /// <summary>Succeeds or fails the refund (through Processing when still Requested) and stages the alert; false when it had already finished.</summary>
    public static bool Apply(Outbox outbox, Payment payment, Refund refund, bool succeeded, string detail, DateTime now)
    {
        if (!RefundStateMachine.Finish(refund, succeeded ? RefundTrigger.Succeed : RefundTrigger.Fail, now))
        {
            return false;
        }

        var (refundId, paymentId, orderId) = (Id(refund.Id), Id(payment.Id), Id(payment.OrderId));
        if (succeeded)
        {
            outbox.Add(new PaymentRefundedAfterCancel(refundId, paymentId, orderId, payment.Provider, payment.OutTradeNo, refund.OutRefundNo, refund.AmountFen));
        }
        else
        {
            outbox.Add(new PaymentRefundFailed(refundId, paymentId, orderId, payment.Provider, payment.OutTradeNo, refund.OutRefundNo, refund.AmountFen, detail));
        }

        return true;
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Consumes <c>payment.succeeded-after-cancel</c>: creates the one full refund of the payment (the unique index
/// <c>ux_refunds_payment_after_cancel</c> makes a redelivery find it instead of adding a second) and asks the provider.
/// WeChat Pay answers PROCESSING and finishes with a REFUND.SUCCESS notification; Alipay answers synchronously.
/// A provider that cannot be reached leaves the refund Requested and the message is retried with the same out_refund_no,
/// which both providers treat as the same refund.
/// </summary>
public sealed class RefundAfterCancelHandler(
    CirculaDbContext db, Outbox outbox, SnowflakeIdGenerator ids, TimeProvider clock, IServiceProvider services, ILogger<RefundAfterCancelHandler> logger)
    : IOutboxHandler
{
    public const string Reason = "订单已取消，自动退款";
    private static readonly UniqueIndex AfterCancelIndex = new("ux_refunds_payment_after_cancel", "refunds.payment_id");

    public string Name => "payments.refund-after-cancel";

    public bool Handles(string eventType) => eventType == PaymentSucceededAfterCancel.EventType;

    public async Task HandleAsync(OutboxEnvelope message, CancellationToken ct)
    {
        var paymentId = long.Parse(message.Read<PaymentSucceededAfterCancel>().PaymentId, CultureInfo.InvariantCulture);
        var payment = await db.Set<Payment>().AsNoTracking().SingleAsync(p => p.Id == paymentId, ct);
        var refund = await RequestAsync(payment, ct);
        if (refund.Status != RefundStatus.Requested)
        {
            logger.LogInformation("Refund {OutRefundNo} of payment {PaymentId} is already {Status}", refund.OutRefundNo, payment.Id, refund.Status);
            return;
        }

        if (payment.Provider == Payment.Alipay)
        {
            await RefundWithAlipayAsync(payment, refund, ct);
        }
        else
        {
            await RefundWithWeChatPayAsync(payment, refund, ct);
        }

        await SaveAnswerAsync(payment, refund, ct);
    }

    private async Task<Refund> RequestAsync(Payment payment, CancellationToken ct)
    {
        var existing = await FindAsync(payment.Id, ct);
        if (existing is not null)
        {
            return existing;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var id = ids.NextId();
        var refund = new Refund
        {
            Id = id, PaymentId = payment.Id, OrderId = payment.OrderId, OutRefundNo = Refund.OutRefundNoFor(id), AmountFen = payment.AmountFen,
            Reason = Refund.PaidAfterCancel, Status = RefundStatus.Requested, CreatedAt = now, UpdatedAt = now,
        };
        db.Set<Refund>().Add(refund);
        try
        {
            await db.SaveChangesAsync(ct);
            return refund;
        }
        catch (DbUpdateException e) when (AfterCancelIndex.IsViolatedBy(e))
        {
            // A concurrent delivery of the same event created it first.
            db.ChangeTracker.Clear();
            return await FindAsync(payment.Id, ct) ?? throw new InvalidOperationException($"The refund of payment {payment.Id} conflicted but cannot be found.");
        }
    }

    private Task<Refund?> FindAsync(long paymentId, CancellationToken ct) =>
        db.Set<Refund>().FirstOrDefaultAsync(r => r.PaymentId == paymentId && r.Reason == Refund.PaidAfterCancel, ct);

    private async Task RefundWithWeChatPayAsync(Payment payment, Refund refund, CancellationToken ct)
    {
        var endpoints = services.GetRequiredService<WeChatPayEndpoints>();
        var request = new RefundRequest(null, payment.OutTradeNo, refund.OutRefundNo, new RefundRequestAmount(refund.AmountFen, payment.AmountFen), Reason,
            endpoints.RefundNotifyUrl);
        var result = await services.GetRequiredService<WeChatPayClient>().RefundAsync(request, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (result.Error is { Kind: WeChatPayErrorKind.Rejected } refused)
        {
            RefundFinish.Apply(outbox, payment, refund, succeeded: false, $"WeChat Pay refused the refund: {refused.Code} {refused.Message}", now);
            return;
        }

        if (result.Value is not { } answer)
        {
            throw new InvalidOperationException($"WeChat Pay refund {refund.OutRefundNo} got no answer ({result.Error?.Code}); it will be retried.");
        }

        refund.ProviderRefundId = answer.RefundId;
        switch (answer.Status)
        {
            case WeChatPayRefund.Success:
                RefundFinish.Apply(outbox, payment, refund, succeeded: true, "SUCCESS", now);
                break;
            case WeChatPayRefund.Closed or WeChatPayRefund.Abnormal:
                RefundFinish.Apply(outbox, payment, refund, succeeded: false, $"WeChat Pay reports the refund {answer.Status}", now);
                break;
            default:
                RefundStateMachine.Apply(refund, RefundTrigger.Accepted, now);
                break;
        }
    }

    private async Task RefundWithAlipayAsync(Payment payment, Refund refund, CancellationToken ct)
    {
        var result = await services.GetRequiredService<AlipayClient>().RefundAsync(payment.OutTradeNo, refund.AmountFen, refund.OutRefundNo, Reason, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (result.Error is { Kind: AlipayErrorKind.Business } refused)
        {
            RefundFinish.Apply(outbox, payment, refund, succeeded: false, $"Alipay refused the refund: {refused.Code} {refused.SubCode} {refused.SubMessage}", now);
            return;
        }

        if (result.Value is not { } answer)
        {
            throw new InvalidOperationException($"Alipay refund {refund.OutRefundNo} got no trusted answer ({result.Error?.Kind}); it will be retried.");
        }

        refund.ProviderRefundId = answer.TradeNo;
        // fund_change=N on a repeated out_request_no means an earlier attempt already moved the money: refund_fee shows it.
        var succeeded = answer.FundChanged || answer.RefundFen >= refund.AmountFen;
        RefundFinish.Apply(outbox, payment, refund, succeeded, succeeded ? "fund_change=Y" : $"fund_change=N, refund_fee {answer.RefundFen} fen", now);
    }

    private async Task SaveAnswerAsync(Payment payment, Refund refund, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Refund {OutRefundNo} of payment {PaymentId} ({Provider}, {AmountFen} fen) is {Status}", refund.OutRefundNo, payment.Id,
                payment.Provider, refund.AmountFen, refund.Status);
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
