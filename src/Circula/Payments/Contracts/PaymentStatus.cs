namespace Circula.Payments.Contracts;

/// <summary>Where a payment is in its transition table (see <c>PaymentStateMachine</c>).</summary>
public enum PaymentStatus
{
    /// <summary>Stored, the provider not yet asked (or its answer not yet stored).</summary>
    Created,

    /// <summary>The provider accepted the prepay; waiting for the customer to pay.</summary>
    Pending,

    Succeeded,

    /// <summary>The provider refused the prepay; the order may be paid with a new payment.</summary>
    Failed,

    /// <summary>Closed without money: we closed the trade (its order was cancelled), or the provider reported it closed.</summary>
    Closed,
}

/// <summary>Where a refund is in its transition table (see <c>RefundStateMachine</c>).</summary>
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
