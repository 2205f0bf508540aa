using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Marketplace.Contracts;
using Circula.Marketplace.Moderation;
using Circula.Shared.Results;
using Circula.Shared.StateMachines;
using Circula.Uploads.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Marketplace.Listings;

/// <summary>
/// Everything that changes a listing: the seller's drafts, edits and transitions, and the operators' moderation. A
/// transition goes through the <see cref="StateMachineEngine"/> (history row and one <see cref="ListingStatusChanged"/>)
/// and is saved with the version check, so of two racing writes exactly one wins and the other is 409. A seller reaches
/// only their own listings; another's is not found.
/// </summary>
public sealed class ListingWrites(CirculaDbContext db, StateMachineEngine engine, Blocklist blocklist, IUserDirectory users, IUploads uploads, ListingSearchSync search,
    IOptions<MarketplaceOptions> options, TimeProvider clock)
{
    public const string SellerNotVerified = "seller_not_verified";
    public const string ListingLocked = "listing_locked";

    public async Task<Result<Listing>> CreateDraftAsync(long sellerId, ListingRequest request, CancellationToken ct)
    {
        var images = await CheckedAsync(sellerId, request, ct);
        if (!images.IsSuccess)
        {
            return images.Error;
        }

        var listing = Listing.Draft(sellerId, request, images.Value, clock.GetUtcNow().UtcDateTime);
        db.Add(listing);
        await db.SaveChangesAsync(ct);
        return listing;
    }

    /// <summary>
    /// Replaces what the seller wrote. A published listing stays published unless the blocklist flags the new text, which
    /// sends it back to review; a listing an order holds, or a sold one, is 409 listing_locked.
    /// </summary>
    public async Task<Result<Listing>> EditAsync(long id, long sellerId, ListingRequest request, CancellationToken ct)
    {
        var images = await CheckedAsync(sellerId, request, ct);
        if (!images.IsSuccess)
        {
            return images.Error;
        }

        var listing = await db.Set<Listing>().FirstOrDefaultAsync(l => l.Id == id && l.SellerId == sellerId, ct);
        if (listing is null)
        {
            return DomainError.NotFound("Listing");
        }

        if (!listing.IsEditable)
        {
            return DomainError.Conflict(ListingLocked, "A listing an order holds, or one that is sold, cannot be edited.");
        }

        listing.Edit(request, images.Value, clock.GetUtcNow().UtcDateTime);
        var flagged = await FlagAsync(listing, ct);
        if (listing.Status == ListingStatus.Active && flagged.Count > 0)
        {
            engine.Apply(ListingStateMachine.Machine, listing, ListingTrigger.EditFlagged, Seller(sellerId), Flagged(flagged));
        }

        // An edit replaces the whole row: writing only the columns that differ from what this request read would mix two
        // edits' fields; the version then lets only one of two racing edits through.
        db.Entry(listing).State = EntityState.Modified;
        await SaveAsync(listing, ct);
        return listing;
    }

    /// <summary>Sends a draft or a rejected listing to review (Submit), or puts a withdrawn one up again (Relist).</summary>
    public async Task<Result<Listing>> SubmitAsync(long id, long sellerId, ListingTrigger trigger, CancellationToken ct)
    {
        if (!await users.IsVerifiedAsync(UserId.From(sellerId), ct))
        {
            return NotVerified();
        }

        return await TransitionAsync(id, trigger, Seller(sellerId), null, ct, async listing =>
        {
            var flagged = await FlagAsync(listing, ct);
            return flagged.Count == 0 && options.Value.AutoApproveClean ? ListingTrigger.Approve : null;
        });
    }

    public Task<Result<Listing>> WithdrawAsync(long id, long sellerId, CancellationToken ct) =>
        TransitionAsync(id, ListingTrigger.Withdraw, Seller(sellerId), null, ct);

    /// <summary>An operator's decision: approve, reject or take down (the last two with a reason the seller sees).</summary>
    public Task<Result<Listing>> ModerateAsync(long id, ListingTrigger trigger, long operatorId, string? reason, CancellationToken ct) =>
        TransitionAsync(id, trigger, new Requester(Actor.Operator, operatorId), reason, ct);

    /// <summary>
    /// Applies <paramref name="trigger"/>; <paramref name="then"/> runs after it and may name a system trigger to apply next
    /// in the same save (the auto-approval of a clean submission).
    /// </summary>
    private async Task<Result<Listing>> TransitionAsync(long id, ListingTrigger trigger, Requester by, string? reason, CancellationToken ct,
        Func<Listing, Task<ListingTrigger?>>? then = null)
    {
        var listing = await db.Set<Listing>().FirstOrDefaultAsync(l => l.Id == id && (by.Actor != Actor.Seller || l.SellerId == by.UserId), ct);
        if (listing is null)
        {
            return DomainError.NotFound("Listing");
        }

        var change = engine.Apply(ListingStateMachine.Machine, listing, trigger, by, reason);
        if (!change.IsSuccess)
        {
            return change.Error;
        }

        if (then is not null && await then(listing) is { } next)
        {
            engine.Apply(ListingStateMachine.Machine, listing, next, Requester.System, "clean: approved automatically");
        }

        await SaveAsync(listing, ct);
        return listing;
    }

    /// <summary>Saves the listing and its search document together.</summary>
    private async Task SaveAsync(Listing listing, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await search.SyncAsync(listing, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>What a seller's write needs beyond its own rules: a verified seller, a marketplace category, images the seller uploaded.</summary>
    private async Task<Result<IReadOnlyList<ListingImage>>> CheckedAsync(long sellerId, ListingRequest request, CancellationToken ct)
    {
        if (!await users.IsVerifiedAsync(UserId.From(sellerId), ct))
        {
            return NotVerified();
        }

        if (!await db.Set<MarketplaceCategory>().AnyAsync(c => c.Id == request.CategoryId, ct))
        {
            return DomainError.Validation("categoryId", "must be a marketplace category (GET /api/v1/listings/categories lists them).");
        }

        var images = await uploads.OwnedInOrderAsync(sellerId, UploadIds.Numbers(request.ImageIds), "imageIds", ct);
        return images.IsSuccess ? images.Value.Select(ListingImage.From).ToList() : images.Error;
    }

    private async Task<IReadOnlyList<string>> FlagAsync(Listing listing, CancellationToken ct)
    {
        var flagged = await blocklist.FindInAsync(ct, listing.Title, listing.Description);
        listing.RecordFlags(flagged);
        return flagged;
    }

    private static DomainError NotVerified() =>
        DomainError.Forbidden(SellerNotVerified, "Only verified users sell: bind a phone (PUT /api/v1/me/phone) or sign in with WeChat first.");

    private static Requester Seller(long sellerId) => new(Actor.Seller, sellerId);

    private static string Flagged(IReadOnlyList<string> words) => "blocked words: " + string.Join(", ", words);
}
