using Circula.Ordering.Contracts;
using Circula.Shared.Outbox;

namespace Circula.Payments.Contracts;

/// <summary>
/// A payment moved through its transition table (one event per transition): to <see cref="PaymentStatus.Pending"/> when the
/// provider accepted the prepay, <see cref="PaymentStatus.Failed"/> when it refused it, <see cref="PaymentStatus.Succeeded"/>
/// when verified money arrived (<see cref="TransactionId"/> is the provider's transaction), <see cref="PaymentStatus.Closed"/>
/// when its trade was closed. <see cref="Reason"/> says what moved it.
/// </summary>
public sealed record PaymentStatusChanged(PaymentId PaymentId, OrderId OrderId, string Provider, string Channel, string OutTradeNo, long AmountFen,
    PaymentStatus From, PaymentStatus To, string? TransactionId, string? Reason) : IAggregateEvent
{
    public static string EventType => "payment.status-changed.v1";

    (string Kind, long Id) IAggregateEvent.Aggregate => ("order", OrderId.Value);
}

/// <summary>
/// Money arrived for an order that can no longer be paid (cancelled just before its trade was closed): Payments refunds
/// it in full. <see cref="OrderStatus"/> is the order's status then (null when the order is missing).
/// </summary>
public sealed record PaymentSucceededAfterCancel(PaymentId PaymentId, OrderId OrderId, string OutTradeNo, string TransactionId, long AmountFen,
    OrderStatus? OrderStatus) : IAggregateEvent
{
    public static string EventType => "payment.succeeded-after-cancel.v1";

    (string Kind, long Id) IAggregateEvent.Aggregate => ("order", OrderId.Value);
}

/// <summary>
/// Operator alert: the provider took money that pays nothing and is not refunded automatically (a second transaction for a
/// payment that already succeeded, money for a payment we hold as Failed or Closed, or for an order another payment paid).
/// An operator checks it against the provider and refunds it by hand. <see cref="Outcome"/> is the notification outcome.
/// </summary>
public sealed record PaymentMoneyUnapplied(PaymentId PaymentId, OrderId OrderId, string Provider, string OutTradeNo, string TransactionId, long AmountFen,
    string Outcome, string Detail) : IAggregateEvent
{
    public static string EventType => "payment.money-unapplied.v1";

    (string Kind, long Id) IAggregateEvent.Aggregate => ("order", OrderId.Value);
}

/// <summary>Operator alert: an order was refunded but no succeeded payment of it exists here, so nothing went back (look at it by hand).</summary>
public sealed record OrderRefundedWithoutPayment(OrderId OrderId, string Number, string Detail) : IAggregateEvent
{
    public static string EventType => "payment.order-refunded-without-payment.v1";

    (string Kind, long Id) IAggregateEvent.Aggregate => ("order", OrderId.Value);
}
