using Circula.Marketplace.Contracts;
using Circula.Shared.StateMachines;

namespace Circula.Marketplace.Listings;

/// <summary>One status change of a listing: from, to, by which trigger, who and why. Written once, never changed.</summary>
public sealed class ListingHistoryEntry
{
    private ListingHistoryEntry()
    {
    }

    public long Id { get; private init; }

    public long ListingId { get; private init; }

    public ListingStatus FromStatus { get; private init; }

    public ListingStatus ToStatus { get; private init; }

    public ListingTrigger Trigger { get; private init; }

    public Actor Actor { get; private init; }

    public long? ActorUserId { get; private init; }

    public string? Reason { get; private init; }

    public DateTime CreatedAt { get; private init; }

    public static ListingHistoryEntry Of(Listing listing, StatusChange<ListingStatus, ListingTrigger, NoEffects> change) => new()
    {
        ListingId = listing.Id, FromStatus = change.From, ToStatus = change.To, Trigger = change.Trigger, Actor = change.By.Actor,
        ActorUserId = change.By.UserId, Reason = change.Reason, CreatedAt = change.At,
    };
}
