using Circula.Payments.Contracts;
using Circula.Shared.StateMachines;

namespace Circula.Payments;

/// <summary>
/// One attempt to pay one order with one provider. What it pays (order, amount in fen, provider and channel) is fixed
/// when it starts; its status moves only through <see cref="PaymentStateMachine"/>, and what the provider tells us is
/// recorded by methods that check it belongs to the payment's state.
/// </summary>
public sealed class Payment : IStateMachineSubject<PaymentStatus>
{
    private Payment()
    {
    }

    /// <summary>Snowflake id.</summary>
    public long Id { get; private init; }

    public long OrderId { get; private init; }

    public long CustomerId { get; private init; }

    public string Provider { get; private init; } = "";

    public string Channel { get; private init; } = "";

    /// <summary>"P" + the id: what the provider knows the payment as.</summary>
    public string OutTradeNo { get; private init; } = "";

    public long AmountFen { get; private init; }

    public PaymentStatus Status { get; private set; } = PaymentStatus.Created;

    public string? ProviderTransactionId { get; private set; }

    public string? PrepayId { get; private set; }

    public string? CodeUrl { get; private set; }

    public string? PayerOpenId { get; private set; }

    public DateTime CreatedAt { get; private init; }

    /// <summary>Last change; for a Pending payment also its last reconciliation look (see <see cref="PaymentReconciler"/>).</summary>
    public DateTime UpdatedAt { get; private set; }

    public DateTime? SucceededAt { get; private set; }

    /// <summary>Optimistic concurrency: two transitions of one payment can never both win.</summary>
    public int Version { get; private set; } = 1;

    /// <summary>Created or Pending: the customer may still pay it, and it is the order's one live payment.</summary>
    public bool IsLive => Status is PaymentStatus.Created or PaymentStatus.Pending;

    /// <summary>A new payment of <paramref name="amountFen"/> (the order's total, more than zero), Created.</summary>
    public static Payment Start(long id, long orderId, long customerId, string provider, string channel, long amountFen, string? payerOpenId, DateTime now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amountFen);
        return new Payment
        {
            Id = id, OrderId = orderId, CustomerId = customerId, Provider = provider, Channel = channel, OutTradeNo = OutTradeNoFor(id),
            AmountFen = amountFen, PayerOpenId = payerOpenId, CreatedAt = now, UpdatedAt = now,
        };
    }

    public static string OutTradeNoFor(long id) => "P" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What the provider answered to the prepay (a JSAPI prepay id, a Native code URL), while the payment is Created.</summary>
    public void RecordPrepay(string? prepayId, string? codeUrl)
    {
        if (Status != PaymentStatus.Created)
        {
            throw new InvalidOperationException($"Payment {Id} is {Status}; a prepay answer is recorded only before it is accepted.");
        }

        PrepayId = prepayId;
        CodeUrl = codeUrl;
    }

    /// <summary>
    /// The provider's transaction that pays this live payment (and the payer's openid when it names one), recorded just
    /// before the Succeed transition so that its event carries it.
    /// </summary>
    public void RecordTransaction(string transactionId, string? payerOpenId)
    {
        if (!IsLive || ProviderTransactionId is not null)
        {
            throw new InvalidOperationException($"Payment {Id} is {Status} with transaction {ProviderTransactionId}; only a live, unpaid payment records the transaction that pays it.");
        }

        ProviderTransactionId = transactionId;
        PayerOpenId = payerOpenId ?? PayerOpenId;
    }

    void IStateMachineSubject<PaymentStatus>.Enter(PaymentStatus status, string? reason, DateTime at)
    {
        Status = status;
        UpdatedAt = at;
        Version++;
        if (status == PaymentStatus.Succeeded)
        {
            SucceededAt = at;
        }
    }
}

/// <summary>One transition of a payment: from, to, who (the system, on a provider's answer) and why.</summary>
public sealed class PaymentHistoryEntry
{
    public long Id { get; private init; }

    public long PaymentId { get; init; }

    public PaymentStatus FromStatus { get; init; }

    public PaymentStatus ToStatus { get; init; }

    public Actor Actor { get; init; }

    public string? Reason { get; init; }

    public DateTime CreatedAt { get; init; }
}
