using System.Globalization;
using Circula.Marketplace.Credit;
using Circula.Marketplace.Credit.Endpoints;
using Circula.Marketplace.Listings;
using Circula.Marketplace.Moderation;
using Circula.Shared;

namespace Circula.Marketplace.Endpoints;

/// <summary>
/// A listing: price in fen; condition and status kebab-case; its images (upload ids and URLs, paths on this server); location in GCJ-02.
/// <see cref="ReviewReason"/> is why an operator rejected or took it down (its seller sees it); <see cref="DistanceMetres"/>
/// is set by the nearby query; <see cref="FlaggedWords"/> (operators only) are the blocked words the blocklist found;
/// <see cref="SellerCredit"/> is the seller's credit score and tier where buyers look at listings.
/// </summary>
public sealed record ListingView(string Id, string SellerId, string Title, string Description, long CategoryId, string Condition, long PriceFen,
    IReadOnlyList<ListingImage> Images, ListingLocation Location, string Status, int Version, DateTime CreatedAt, DateTime UpdatedAt, DateTime? SubmittedAt = null,
    DateTime? PublishedAt = null, string? ReviewReason = null, double? DistanceMetres = null, IReadOnlyList<string>? FlaggedWords = null,
    CreditView? SellerCredit = null)
{
    public static readonly ListingView Example = new("1024", "10001", "九成新 iPhone 13 128G 国行", "自用一年半，电池健康 88%，无拆修，附原装充电线。",
        1, "like-new", 259_900, [new ListingImage("7262110390812673", "/uploads/5c0b2d9e41f7a8c3e6b1d0f29a4c7e85.jpg", "/uploads/5c0b2d9e41f7a8c3e6b1d0f29a4c7e85-thumb.jpg")], new ListingLocation(30.2741, 120.1551, "西湖区"), "active", 3,
        new DateTime(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc), new DateTime(2026, 5, 1, 3, 0, 0, DateTimeKind.Utc),
        new DateTime(2026, 5, 1, 2, 5, 0, DateTimeKind.Utc), new DateTime(2026, 5, 1, 3, 0, 0, DateTimeKind.Utc));

    /// <summary>The example as buyers see it, with the seller's credit.</summary>
    public static ListingView ForBuyers => Example with { SellerCredit = CreditView.Example };

    public static ListingView From(Listing l) => new(Text(l.Id), Text(l.SellerId), l.Title, l.Description, l.CategoryId, ListingRequest.Kebab(l.Condition),
        l.PriceFen, l.ImageList, new ListingLocation(l.Latitude, l.Longitude, l.District), ListingStatuses.Name(l.Status), l.Version, l.CreatedAt,
        l.UpdatedAt, l.SubmittedAt, l.PublishedAt, l.ReviewReason);

    public static ListingView ForOperators(Listing l) => From(l) with { FlaggedWords = l.Flagged };

    public static ListingView Nearby(NearbyListing n) => From(n.Listing) with { DistanceMetres = Math.Round(n.Metres) };

    public static PagedList<ListingView> Page<T>(PagedList<T> page, Func<T, ListingView> view) =>
        new(page.Items.Select(view).ToList(), page.Page, page.PageSize, page.Total);

    public static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The view with its seller's credit, as buyers see a listing.</summary>
    public static async Task<ListingView> WithCreditAsync(Listing listing, SellerCredits credits, CancellationToken ct) =>
        From(listing) with { SellerCredit = CreditView.From(await credits.StandingAsync(listing.SellerId, ct)) };

    /// <summary>A page of views, each with its seller's credit (read for all the page's sellers at once).</summary>
    public static async Task<PagedList<ListingView>> WithCreditAsync(PagedList<ListingView> page, SellerCredits credits, CancellationToken ct)
    {
        var standings = await credits.StandingsAsync(page.Items.Select(v => long.Parse(v.SellerId, CultureInfo.InvariantCulture)), ct);
        return page with
        {
            Items = page.Items.Select(v => v with { SellerCredit = CreditView.From(standings[long.Parse(v.SellerId, CultureInfo.InvariantCulture)]) }).ToList(),
        };
    }
}

/// <summary>A listing with every status change it went through, for operators.</summary>
public sealed record ListingDetailView(ListingView Listing, IReadOnlyList<ListingStepView> History);

/// <summary>One status change: from, to, trigger and actor (lower case), who (a user id) and why.</summary>
public sealed record ListingStepView(string From, string To, string Trigger, string Actor, string? ActorUserId, string? Reason, DateTime At)
{
    public static ListingStepView Of(ListingHistoryEntry h) => new(ListingStatuses.Name(h.FromStatus), ListingStatuses.Name(h.ToStatus),
        ListingRequest.Kebab(h.Trigger), ListingRequest.Kebab(h.Actor), h.ActorUserId is { } u ? ListingView.Text(u) : null, h.Reason, h.CreatedAt);
}

/// <summary>A marketplace category: its id (for categoryId), a stable English slug and its Chinese name.</summary>
public sealed record MarketplaceCategoryView(long Id, string Slug, string Name)
{
    public static MarketplaceCategoryView From(MarketplaceCategory c) => new(c.Id, c.Slug, c.Name);
}

/// <summary>A blocked word; configured ones come from Circula:Marketplace:BlockedWords and are changed there, not through the API.</summary>
public sealed record BlockedWordView(string Word, bool Configured, DateTime? CreatedAt)
{
    public static BlockedWordView From(BlockedWordEntry w) => new(w.Word, w.Configured, w.CreatedAt);
}
