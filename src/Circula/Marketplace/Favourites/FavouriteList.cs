using Circula.Data;
using Circula.Marketplace.Listings;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Marketplace.Favourites;

/// <summary>
/// A user's favourite listings. Adding and removing are idempotent single statements (a repeat, or two at once, end in
/// one row or none), and only a listing the user may see can be added.
/// </summary>
public sealed class FavouriteList(CirculaDbContext db, ListingQueries listings, TimeProvider clock)
{
    public async Task<Result<long>> AddAsync(long userId, long listingId, CancellationToken ct)
    {
        if (await listings.FindVisibleAsync(listingId, userId, ct) is null)
        {
            return DomainError.NotFound("Listing");
        }

        await db.ExecuteAsync("INSERT INTO marketplace_favourites (user_id, listing_id, created_at) VALUES (@user, @listing, @now) " +
            "ON CONFLICT (user_id, listing_id) DO NOTHING", ct, ("user", userId), ("listing", listingId), ("now", clock.GetUtcNow().UtcDateTime));
        return listingId;
    }

    public async Task RemoveAsync(long userId, long listingId, CancellationToken ct) =>
        await db.ExecuteAsync("DELETE FROM marketplace_favourites WHERE user_id = @user AND listing_id = @listing", ct, ("user", userId), ("listing", listingId));

    /// <summary>The user's favourites they may still see, the latest added first.</summary>
    public async Task<PagedList<Listing>> MineAsync(long userId, int page, int pageSize, CancellationToken ct)
    {
        var mine = from f in db.Set<Favourite>().AsNoTracking()
                   join l in db.Set<Listing>().AsNoTracking() on f.ListingId equals l.Id
                   where f.UserId == userId && (l.Status == Contracts.ListingStatus.Active || l.Status == Contracts.ListingStatus.Reserved
                       || l.Status == Contracts.ListingStatus.Sold || l.SellerId == userId)
                   orderby f.CreatedAt descending, f.ListingId descending
                   select l;
        var (items, total) = await mine.PageAsync(page, pageSize, ct);
        return new PagedList<Listing>(items, page, pageSize, total);
    }
}
