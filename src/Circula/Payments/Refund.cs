using Circula.Payments.Contracts;
using Circula.Shared.StateMachines;

namespace Circula.Payments;

/// <summary>
/// Money going back for one succeeded payment. What goes back (the payment, its provider and trade, the amount in fen,
/// the reason) is fixed when it is requested; its status moves only through <see cref="RefundStateMachine"/>.
/// </summary>
public sealed class Refund : IStateMachineSubject<RefundStatus>
{
    /// <summary>The automatic, full refund of a payment whose money arrived after its order was cancelled (at most one per payment).</summary>
    public const string PaidAfterCancel = "paid_after_cancel";

    /// <summary>The full refund of a payment whose order an operator refunded (Ordering's ApproveRefund: RefundRequested → Refunded).</summary>
    public const string OrderRefunded = "order_refunded";

    private Refund()
    {
    }

    /// <summary>Snowflake id.</summary>
    public long Id { get; private init; }

    public long PaymentId { get; private init; }

    public long OrderId { get; private init; }

    /// <summary>The payment's provider and <c>out_trade_no</c>: where the money goes back from.</summary>
    public string Provider { get; private init; } = "";

    public string OutTradeNo { get; private init; } = "";

    /// <summary>"R" + the id: what the provider knows the refund as (WeChat Pay out_refund_no, Alipay out_request_no).</summary>
    public string OutRefundNo { get; private init; } = "";

    public long AmountFen { get; private init; }

    /// <summary><see cref="PaidAfterCancel"/> or <see cref="OrderRefunded"/>.</summary>
    public string Reason { get; private init; } = "";

    public RefundStatus Status { get; private set; } = RefundStatus.Requested;

    public string? ProviderRefundId { get; private set; }

    public DateTime CreatedAt { get; private init; }

    public DateTime UpdatedAt { get; private set; }

    public DateTime? SucceededAt { get; private set; }

    /// <summary>Optimistic concurrency: the provider's notification and our call's answer can never both move it.</summary>
    public int Version { get; private set; } = 1;

    /// <summary>
    /// Requests <paramref name="amountFen"/> of a succeeded <paramref name="payment"/> back (more than zero, at most what it
    /// paid) for <paramref name="reason"/>.
    /// </summary>
    public static Refund Request(long id, Payment payment, long amountFen, string reason, DateTime now)
    {
        if (payment.Status != PaymentStatus.Succeeded)
        {
            throw new InvalidOperationException($"Payment {payment.Id} is {payment.Status}; only a succeeded payment's money can go back.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amountFen);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(amountFen, payment.AmountFen);
        return new Refund
        {
            Id = id, PaymentId = payment.Id, OrderId = payment.OrderId, Provider = payment.Provider, OutTradeNo = payment.OutTradeNo,
            OutRefundNo = OutRefundNoFor(id), AmountFen = amountFen, Reason = reason, CreatedAt = now, UpdatedAt = now,
        };
    }

    public static string OutRefundNoFor(long id) => "R" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The provider's id of the refund, once it names one (a later answer does not replace it).</summary>
    public void RecordProviderRefundId(string? providerRefundId) => ProviderRefundId ??= providerRefundId;

    void IStateMachineSubject<RefundStatus>.Enter(RefundStatus status, string? reason, DateTime at)
    {
        Status = status;
        UpdatedAt = at;
        Version++;
        if (status == RefundStatus.Succeeded)
        {
            SucceededAt = at;
        }
    }
}

/// <summary>One transition of a refund: from, to, who (the system, on a provider's answer) and the provider's detail.</summary>
public sealed class RefundHistoryEntry
{
    public long Id { get; private init; }

    public long RefundId { get; init; }

    public RefundStatus FromStatus { get; init; }

    public RefundStatus ToStatus { get; init; }

    public Actor Actor { get; init; }

    public string? Reason { get; init; }

    public DateTime CreatedAt { get; init; }
}
