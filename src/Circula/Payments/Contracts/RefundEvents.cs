using Circula.Ordering.Contracts;
using Circula.Shared.Outbox;

namespace Circula.Payments.Contracts;

/// <summary>
/// A refund moved through its transition table (one event per transition): <see cref="RefundStatus.Processing"/> when the
/// provider accepted it, <see cref="RefundStatus.Succeeded"/> when the money is back with the payer,
/// <see cref="RefundStatus.Failed"/> when the provider refused or gave up (the money then has to be returned by hand;
/// <see cref="Detail"/> says why). <see cref="Reason"/> is why the money goes back (<c>paid_after_cancel</c> or
/// <c>order_refunded</c>).
/// </summary>
public sealed record RefundStatusChanged(RefundId RefundId, PaymentId PaymentId, OrderId OrderId, string Provider, string OutTradeNo, string OutRefundNo,
    long AmountFen, string Reason, RefundStatus From, RefundStatus To, string? Detail) : IAggregateEvent
{
    public static string EventType => "payment.refund-status-changed.v1";

    (string Kind, long Id) IAggregateEvent.Aggregate => ("order", OrderId.Value);
}
