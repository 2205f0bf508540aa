using Circula.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Circula.Payments;

public enum PaymentStatus
{
    /// <summary>Stored, the provider not yet asked (or its answer not yet stored).</summary>
    Created,

    /// <summary>The provider accepted the prepay; waiting for the customer to pay.</summary>
    Pending,

    Succeeded,

    /// <summary>The provider refused the prepay; the order may be paid with a new payment.</summary>
    Failed,

    /// <summary>Closed without money: the provider reported the trade closed (reconciliation).</summary>
    Closed,
}

public enum PaymentTrigger
{
    PrepayAccepted,
    PrepayFailed,
    Succeed,
    Close,
}

/// <summary>One attempt to pay one order with one provider. Money is fen; the id is a Snowflake.</summary>
public sealed class Payment : IMoneyMovement<PaymentStatus>
{
    public const string WeChatPay = "wechatpay";
    public const string Jsapi = "jsapi";
    public const string Native = "native";
    public const string Alipay = "alipay";
    public const string Wap = "wap";
    public const string Page = "page";

    public long Id { get; set; }

    public long OrderId { get; set; }

    public long CustomerId { get; set; }

    public required string Provider { get; set; }

    public required string Channel { get; set; }

    /// <summary>"P" + the id: what the provider knows the payment as.</summary>
    public required string OutTradeNo { get; set; }

    public long AmountFen { get; set; }

    public PaymentStatus Status { get; set; }

    public string? ProviderTransactionId { get; set; }

    public string? PrepayId { get; set; }

    public string? CodeUrl { get; set; }

    public string? PayerOpenId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Last change; for a Pending payment also its last reconciliation look (see <see cref="PaymentReconciler"/>).</summary>
    public DateTime UpdatedAt { get; set; }

    public DateTime? SucceededAt { get; set; }

    public int Version { get; set; } = 1;

    public static string OutTradeNoFor(long id) => "P" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

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

/// <summary>The one transition table of a payment; anything else is 409 invalid_transition.</summary>
public static class PaymentStateMachine
{
    public static readonly MoneyTransitions<PaymentStatus, PaymentTrigger> Table = new("payment", PaymentStatus.Succeeded,
        (PaymentStatus.Created, PaymentTrigger.PrepayAccepted, PaymentStatus.Pending),
        (PaymentStatus.Created, PaymentTrigger.PrepayFailed, PaymentStatus.Failed),
        // The money can arrive before the prepay answer is stored (a crash in between): the callback decides.
        (PaymentStatus.Created, PaymentTrigger.Succeed, PaymentStatus.Succeeded),
        (PaymentStatus.Pending, PaymentTrigger.Succeed, PaymentStatus.Succeeded),
        (PaymentStatus.Pending, PaymentTrigger.Close, PaymentStatus.Closed),
        (PaymentStatus.Created, PaymentTrigger.Close, PaymentStatus.Closed));

    /// <summary>Moves the payment (version bumped, times stamped) or answers 409 invalid_transition.</summary>
    public static ProblemHttpResult? Apply(Payment payment, PaymentTrigger trigger, DateTime now) => Table.Apply(payment, trigger, now);

    public static bool IsLive(PaymentStatus status) => status is PaymentStatus.Created or PaymentStatus.Pending;
}

/// <summary>What happened to a notification, as stored in payment_notifications.outcome.</summary>
public static class NotificationOutcomes
{
    public const string Paid = "paid";
    public const string PaidAfterCancel = "paid_after_cancel";
    public const string OrderAlreadyPaid = "order_already_paid";
    public const string DuplicateTransaction = "duplicate_transaction";
    public const string SecondTransaction = "second_transaction";
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

internal static class PaymentsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Payment>(e =>
        {
            e.ToTable("Payments");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Status).HasConversion<string>();
            e.Property(x => x.PayerOpenId).HasColumnName("payer_openid");
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<PaymentNotification>(e =>
        {
            e.ToTable("PaymentNotifications");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
        });
        RefundsModel.Configure(modelBuilder);
        Bills.PaymentBillsModel.Configure(modelBuilder);
    }
}
