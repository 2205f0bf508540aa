namespace Circula.Marketplace.Credit;

/// <summary>Why a user's seller credit changed; each rule's points come from <see cref="CreditOptions"/>, an operator's adjustment carries its own.</summary>
public enum CreditRule
{
    CompletedDeal,
    ShippedOnTime,
    CancelledAfterPayment,
    DisputeLost,
    RecyclingNoShow,
    OperatorAdjustment,
}
