namespace Circula.Marketplace.Contracts;

/// <summary>Where a second-hand listing is in its life (in JSON and query strings kebab-case: <c>pending-review</c>).</summary>
public enum ListingStatus
{
    Draft,
    PendingReview,
    Active,
    Rejected,
    Withdrawn,
    Reserved,
    Sold,
}
