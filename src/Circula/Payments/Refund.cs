using Circula.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Circula.Payments;

public enum RefundStatus
{
    /// <summary>Stored, the provider not yet asked (or its answer not yet stored).</summary>
    Requested,

    /// <summary>The provider accepted the refund; the money is on its way back.</summary>
    Processing,

    Succeeded,

    /// <summary>The provider refused or gave up (ABNORMAL, CLOSED): an operator has to act.</summary>
    Failed,
}

public enum RefundTrigger
{
    Accepted,
    Succeed,
    Fail,
}

/// <summary>Money going back for one succeeded payment. Money is fen; the id is a Snowflake.</summary>
public sealed class Refund : IMoneyMovement<RefundStatus>
{
    /// <summary>The automatic, full refund of a payment whose money arrived after its order was cancelled (at most one per payment).</summary>
    public const string PaidAfterCancel = "paid_after_cancel";

    /// <summary>The full refund of a payment whose order an operator refunded (Ordering's ApproveRefund: RefundRequested → Refunded).</summary>
    public const string OrderRefunded = "order_refunded";

    public long Id { get; set; }

    public long PaymentId { get; set; }

    public long OrderId { get; set; }

    /// <summary>"R" + the id: what the provider knows the refund as (WeChat Pay out_refund_no, Alipay out_request_no).</summary>
    public required string OutRefundNo { get; set; }

    public long AmountFen { get; set; }

    public required string Reason { get; set; }

    public RefundStatus Status { get; set; }

    public string? ProviderRefundId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? SucceededAt { get; set; }

    public int Version { get; set; } = 1;

    public static string OutRefundNoFor(long id) => "R" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The one transition table of a refund: Requested → Processing → Succeeded | Failed; anything else is 409 invalid_transition.</summary>
public static class RefundStateMachine
{
    public static readonly MoneyTransitions<RefundStatus, RefundTrigger> Table = new("refund", RefundStatus.Succeeded,
        (RefundStatus.Requested, RefundTrigger.Accepted, RefundStatus.Processing),
        (RefundStatus.Processing, RefundTrigger.Succeed, RefundStatus.Succeeded),
        (RefundStatus.Processing, RefundTrigger.Fail, RefundStatus.Failed));

    /// <summary>Moves the refund (version bumped, times stamped) or answers 409 invalid_transition.</summary>
    public static ProblemHttpResult? Apply(Refund refund, RefundTrigger trigger, DateTime now) => Table.Apply(refund, trigger, now);

    /// <summary>
    /// The provider reports the refund finished (<paramref name="finish"/> is Succeed or Fail). A refund still Requested
    /// (the answer to our refund call not yet stored) is first Accepted: the report proves the provider took it.
    /// False when the refund already finished: nothing changes.
    /// </summary>
    public static bool Finish(Refund refund, RefundTrigger finish, DateTime now)
    {
        if (refund.Status == RefundStatus.Requested)
        {
            Apply(refund, RefundTrigger.Accepted, now);
        }

        return Apply(refund, finish, now) is null;
    }
}

internal static class RefundsModel
{
    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Refund>(e =>
        {
            e.ToTable("Refunds");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Status).HasConversion<string>();
            e.Property(x => x.Version).IsConcurrencyToken();
        });
}
