using Circula.Data;
using Circula.Marketplace.Contracts;
using Circula.Shared;
using Circula.Shared.Geo;
using Microsoft.EntityFrameworkCore;

namespace Circula.Marketplace.Listings;

/// <summary>A published listing and how far it is from where the buyer asked (metres, great circle).</summary>
public sealed record NearbyListing(Listing Listing, double Metres);

/// <summary>Reading listings: one as its viewer may see it, a seller's own, the moderation queue, and the geo queries over published ones.</summary>
public sealed partial class ListingQueries(CirculaDbContext db)
{
    public const double MaxRadiusKm = 50;

    /// <summary>The listing if <paramref name="viewerId"/> may see it: a published, reserved or sold one anybody, the rest only its seller.</summary>
    public async Task<Listing?> FindVisibleAsync(long id, long? viewerId, CancellationToken ct)
    {
        var listing = await db.Set<Listing>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct);
        return listing is not null && (listing.IsPublic || listing.SellerId == viewerId) ? listing : null;
    }

    public Task<Listing?> FindAsync(long id, CancellationToken ct) => db.Set<Listing>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct);

    /// <summary>The seller's own listings, most recently changed first.</summary>
    public async Task<PagedList<Listing>> MineAsync(long sellerId, ListingStatus? status, int page, int pageSize, CancellationToken ct)
    {
        var mine = db.Set<Listing>().AsNoTracking().Where(l => l.SellerId == sellerId && (status == null || l.Status == status));
        var (items, total) = await mine.OrderByDescending(l => l.UpdatedAt).ThenByDescending(l => l.Id).PageAsync(page, pageSize, ct);
        return new PagedList<Listing>(items, page, pageSize, total);
    }

    /// <summary>
    /// For operators: listings in a status (pending-review is the moderation queue, oldest submission first so nothing
    /// waits forever), optionally only those the blocklist flagged; other statuses newest first.
    /// </summary>
    public async Task<PagedList<Listing>> ForOperatorsAsync(ListingStatus? status, bool? flagged, int page, int pageSize, CancellationToken ct)
    {
        var listings = db.Set<Listing>().AsNoTracking().Where(l => (status == null || l.Status == status)
            && (flagged == null || (l.FlaggedWords != null) == flagged));
        var ordered = status == ListingStatus.PendingReview
            ? listings.OrderBy(l => l.SubmittedAt).ThenBy(l => l.Id)
            : listings.OrderByDescending(l => l.UpdatedAt).ThenByDescending(l => l.Id);
        var (items, total) = await ordered.PageAsync(page, pageSize, ct);
        return new PagedList<Listing>(items, page, pageSize, total);
    }

    /// <summary>How many listings the seller has on sale now (published).</summary>
    public Task<int> ActiveCountAsync(long sellerId, CancellationToken ct) =>
        db.Set<Listing>().CountAsync(l => l.SellerId == sellerId && l.Status == ListingStatus.Active, ct);

    public Task<List<ListingHistoryEntry>> HistoryAsync(long id, CancellationToken ct) =>
        db.Set<ListingHistoryEntry>().AsNoTracking().Where(h => h.ListingId == id).OrderBy(h => h.Id).ToListAsync(ct);

    public Task<List<MarketplaceCategory>> CategoriesAsync(CancellationToken ct) =>
        db.Set<MarketplaceCategory>().AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);

    /// <summary>
    /// Published listings within <paramref name="radiusKm"/> of a point, nearest first (ties: newer first). The database
    /// narrows them to the bounding box of the circle (latitude and longitude indexed); the exact distance is computed here.
    /// </summary>
    public async Task<PagedList<NearbyListing>> NearbyAsync(double latitude, double longitude, double radiusKm, int page, int pageSize, CancellationToken ct)
    {
        var metres = radiusKm * 1000;
        var box = GeoDistance.Box(latitude, longitude, metres);
        var ranked = (await InBox(box.MinLatitude, box.MaxLatitude, box.MinLongitude, box.MaxLongitude).ToListAsync(ct))
            .Select(p => (p.Id, p.PublishedAt, Metres: GeoDistance.Metres(latitude, longitude, p.Latitude, p.Longitude)))
            .Where(p => p.Metres <= metres)
            .OrderBy(p => p.Metres).ThenByDescending(p => p.PublishedAt).ThenByDescending(p => p.Id)
            .ToList();
        var pageOf = ranked.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        var listings = await LoadAsync(pageOf.Select(p => p.Id), ct);
        return new PagedList<NearbyListing>(pageOf.Select(p => new NearbyListing(listings[p.Id], p.Metres)).ToList(), page, pageSize, ranked.Count);
    }

    private sealed record Point(long Id, double Latitude, double Longitude, DateTime? PublishedAt);

    private IQueryable<Point> InBox(double minLatitude, double maxLatitude, double minLongitude, double maxLongitude) =>
        db.Set<Listing>().AsNoTracking()
            .Where(l => l.Status == ListingStatus.Active && l.Latitude >= minLatitude && l.Latitude <= maxLatitude
                && l.Longitude >= minLongitude && l.Longitude <= maxLongitude)
            .Select(l => new Point(l.Id, l.Latitude, l.Longitude, l.PublishedAt));

    private async Task<Dictionary<long, Listing>> LoadAsync(IEnumerable<long> ids, CancellationToken ct)
    {
        var wanted = ids.ToList();
        return await db.Set<Listing>().AsNoTracking().Where(l => wanted.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
    }
}
