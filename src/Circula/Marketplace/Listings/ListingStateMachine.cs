using Circula.Identity.Contracts;
using Circula.Marketplace.Contracts;
using Circula.Shared.StateMachines;

namespace Circula.Marketplace.Listings;

/// <summary>
/// The one transition table of a listing. Sellers submit drafts to review and may withdraw and relist; operators approve,
/// reject or take down with a reason (a rejected listing may be edited and submitted again); an edit of a published
/// listing whose new text the blocklist flags sends it back to review. Reserve, Release and Sell are the purchase flow's
/// (the system's, on the buyer's order). Each transition writes a <see cref="ListingHistoryEntry"/> and raises one
/// <see cref="ListingStatusChanged"/>.
/// </summary>
public static class ListingStateMachine
{
    private static readonly Actor[] Seller = [Actor.Seller];
    private static readonly Actor[] Operator = [Actor.Operator];
    private static readonly Actor[] Purchase = [Actor.System];

    public static readonly StateMachine<Listing, ListingStatus, ListingTrigger, NoEffects> Machine = new("listing",
        [
            new(ListingStatus.Draft, ListingTrigger.Submit, ListingStatus.PendingReview, Seller, NoEffects.None),
            new(ListingStatus.Rejected, ListingTrigger.Submit, ListingStatus.PendingReview, Seller, NoEffects.None),
            // System: a clean listing approved on submission when Circula:Marketplace:AutoApproveClean is on.
            new(ListingStatus.PendingReview, ListingTrigger.Approve, ListingStatus.Active, [Actor.Operator, Actor.System], NoEffects.None),
            new(ListingStatus.PendingReview, ListingTrigger.Reject, ListingStatus.Rejected, Operator, NoEffects.None),
            new(ListingStatus.PendingReview, ListingTrigger.Withdraw, ListingStatus.Withdrawn, Seller, NoEffects.None),
            new(ListingStatus.Active, ListingTrigger.TakeDown, ListingStatus.Rejected, Operator, NoEffects.None),
            new(ListingStatus.Active, ListingTrigger.EditFlagged, ListingStatus.PendingReview, Seller, NoEffects.None),
            new(ListingStatus.Active, ListingTrigger.Withdraw, ListingStatus.Withdrawn, Seller, NoEffects.None),
            new(ListingStatus.Withdrawn, ListingTrigger.Relist, ListingStatus.PendingReview, Seller, NoEffects.None),
            new(ListingStatus.Active, ListingTrigger.Reserve, ListingStatus.Reserved, Purchase, NoEffects.None),
            new(ListingStatus.Reserved, ListingTrigger.Release, ListingStatus.Active, Purchase, NoEffects.None),
            new(ListingStatus.Reserved, ListingTrigger.Sell, ListingStatus.Sold, Purchase, NoEffects.None),
        ],
        (listing, change) => ListingHistoryEntry.Of(listing, change),
        (listing, change) => new ListingStatusChanged(ListingId.From(listing.Id), UserId.From(listing.SellerId), change.From, change.To, change.Trigger,
            change.By.Actor, change.Reason),
        new(Describe, Describe));

    private static string Describe(ListingStatus status) => status switch
    {
        ListingStatus.PendingReview => "pending review",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string Describe(ListingTrigger trigger) => trigger switch
    {
        ListingTrigger.Submit => "be submitted for review",
        ListingTrigger.Approve => "be approved",
        ListingTrigger.Reject => "be rejected",
        ListingTrigger.TakeDown => "be taken down",
        ListingTrigger.EditFlagged => "go back to review",
        ListingTrigger.Withdraw => "be withdrawn",
        ListingTrigger.Relist => "be relisted",
        ListingTrigger.Reserve => "be reserved",
        ListingTrigger.Release => "be released",
        ListingTrigger.Sell => "be sold",
        _ => trigger.ToString(),
    };
}
