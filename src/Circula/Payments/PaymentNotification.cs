namespace Circula.Payments;

/// <summary>One received, verified callback (or a verified one that did not match a payment): the dedupe key and the audit trail.</summary>
public sealed class PaymentNotification
{
    public long Id { get; set; }

    public required string Provider { get; set; }

    public required string NotificationId { get; set; }

    public required string EventType { get; set; }

    public string? OutTradeNo { get; set; }

    public string? ProviderTransactionId { get; set; }

    public long? PaymentId { get; set; }

    /// <summary>See <see cref="NotificationOutcomes"/>.</summary>
    public required string Outcome { get; set; }

    public string? Detail { get; set; }

    public DateTime ReceivedAt { get; set; }
}

/// <summary>What happened to a notification, as stored in payment_notifications.outcome.</summary>
public static class NotificationOutcomes
{
    public const string Paid = "paid";
    public const string PaidAfterCancel = "paid_after_cancel";
    public const string OrderAlreadyPaid = "order_already_paid";
    public const string DuplicateTransaction = "duplicate_transaction";
    public const string SecondTransaction = "second_transaction";

    /// <summary>The provider reports, for this payment, a transaction id that already paid another payment: applied to neither.</summary>
    public const string TransactionOfAnotherPayment = "transaction_of_another_payment";
    public const string Ignored = "ignored";

    /// <summary>The provider reported the trade closed unpaid and the live payment was closed.</summary>
    public const string Closed = "closed";
    public const string UnknownOrder = "unknown_order";
    public const string AmountMismatch = "amount_mismatch";
    public const string MerchantMismatch = "merchant_mismatch";
    public const string Refunded = "refunded";
    public const string RefundFailed = "refund_failed";
    public const string RefundAlreadyFinished = "refund_already_finished";
    public const string UnknownRefund = "unknown_refund";

    /// <summary>Outcomes answered with 4xx FAIL (and again when the same notification comes back).</summary>
    public static bool IsRejection(string outcome) => outcome is UnknownOrder or AmountMismatch or MerchantMismatch or UnknownRefund;
}
