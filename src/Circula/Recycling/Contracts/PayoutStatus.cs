namespace Circula.Recycling.Contracts;

/// <summary>Where an appointment's payout is: requested at completion, then processing at its provider, paid or refused.</summary>
public enum PayoutStatus
{
    Requested,
    Processing,
    Paid,
    Refused,
}

/// <summary>What a payout provider's answer (from paying, a notification or a query) does to a payout.</summary>
public enum PayoutTrigger
{
    /// <summary>The provider accepted the payout and reports its end later (a WeChat transfer waiting for the customer).</summary>
    Process,

    /// <summary>The money reached the customer.</summary>
    Pay,

    /// <summary>The provider will not pay it (a failed or cancelled transfer).</summary>
    Refuse,
}
