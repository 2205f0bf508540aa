using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Marketplace.Contracts;
using Circula.Ordering.Contracts;
using Circula.Shared.Results;
using Circula.Shared.StateMachines;
using Microsoft.EntityFrameworkCore;

namespace Circula.Marketplace.Listings;

/// <summary>
/// Ordering's <see cref="IListingGoods"/>: a buyer's order moves the listing through its Reserve, Release and Sell rows (the
/// system's), in the order's transaction, keeping its search document in step (only Active listings are found).
/// </summary>
internal sealed class ListingGoods(CirculaDbContext db, StateMachineEngine engine, ListingSearchSync search) : IListingGoods
{
    public const string OwnListing = "own_listing";
    public const string ListingUnavailable = "listing_unavailable";

    public async Task<Result<ListingForOrder>> ReserveAsync(long listingId, UserId buyerId, OrderId orderId, CancellationToken ct)
    {
        // A draft was never public: to anyone else it does not exist.
        var listing = await db.Set<Listing>().FirstOrDefaultAsync(l => l.Id == listingId && (l.Status != ListingStatus.Draft || l.SellerId == buyerId.Value), ct);
        if (listing is null)
        {
            return DomainError.NotFound("Listing");
        }

        if (listing.SellerId == buyerId.Value)
        {
            return DomainError.Conflict(OwnListing, "A seller cannot buy their own listing.");
        }

        var reserved = engine.Apply(ListingStateMachine.Machine, listing, ListingTrigger.Reserve, Requester.System, $"order {orderId}");
        if (!reserved.IsSuccess)
        {
            return Unavailable(listing.Status);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another buyer's order reserved it between our read and our write (the caller rolls back).
            return Unavailable(ListingStatus.Reserved);
        }

        await search.SyncAsync(listing, ct);
        return new ListingForOrder(listing.Id, UserId.From(listing.SellerId), listing.Title, listing.PriceFen);
    }

    public Task ReleaseAsync(long listingId, OrderId orderId, string reason, CancellationToken ct) =>
        MoveAsync(listingId, ListingTrigger.Release, $"order {orderId}: {reason}", ct);

    public Task SellAsync(long listingId, OrderId orderId, CancellationToken ct) => MoveAsync(listingId, ListingTrigger.Sell, $"order {orderId}", ct);

    /// <summary>A reserved listing moves only with its order (sellers and operators have no row from Reserved), so a refusal here is a defect.</summary>
    private async Task MoveAsync(long listingId, ListingTrigger trigger, string reason, CancellationToken ct)
    {
        var listing = await db.Set<Listing>().SingleAsync(l => l.Id == listingId, ct);
        var change = engine.Apply(ListingStateMachine.Machine, listing, trigger, Requester.System, reason);
        if (!change.IsSuccess)
        {
            throw new InvalidOperationException($"Listing {listingId} held by an order could not {trigger}: {change.Error.Detail}");
        }

        await db.SaveChangesAsync(ct);
        await search.SyncAsync(listing, ct);
    }

    private static DomainError Unavailable(ListingStatus status) => DomainError.Conflict(ListingUnavailable, status switch
    {
        ListingStatus.Reserved => "Another buyer's order holds this listing.",
        ListingStatus.Sold => "This listing is sold.",
        _ => "This listing is not on the market (waiting for review, rejected, or withdrawn by its seller).",
    });
}
