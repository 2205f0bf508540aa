using Circula.Marketplace.Listings;
using Circula.Shared;

namespace Circula.Marketplace.Search;

/// <summary>
/// A listing search as the query string spells it: words (q), filters, a circle around lat/lng (GCJ-02) of radiusKm,
/// sort = relevance | price | distance | newest, and the page. Validated whole before it runs.
/// </summary>
public sealed record ListingSearchQuery(string? Q = null,
    long? CategoryId = null,
    long? MinPrice = null,
    long? MaxPrice = null,
    string? Condition = null,
    double? Lat = null,
    double? Lng = null,
    double? RadiusKm = null,
    string? Sort = null,
    int? Page = null,
    int? PageSize = null) : IValidatable
{
    public const int MaxQueryLength = 100;
    public const int MaxPageSize = 50;
    public const double MaxRadiusKm = 100;

    public static readonly IReadOnlyList<string> Sorts = ["relevance", "price", "distance", "newest"];

    public int PageNumber => Page ?? 1;

    public int Size => PageSize ?? 20;

    public string SortOrDefault => Sort ?? "relevance";

    public bool HasPosition => Lat is not null && Lng is not null;

    public void Validate(FieldErrors errors)
    {
        errors.Optional("q", Q, MaxQueryLength);
        if (CategoryId is < 1)
        {
            errors.Add("categoryId", "must be a positive id.");
        }

        if (MinPrice is < 0)
        {
            errors.Add("minPrice", "must not be negative (fen).");
        }

        if (MaxPrice is < 0)
        {
            errors.Add("maxPrice", "must not be negative (fen).");
        }
        else if (MinPrice > MaxPrice)
        {
            errors.Add("minPrice", "must not be more than maxPrice.");
        }

        if (Condition is not null && !ListingConditions.All.Contains(Condition))
        {
            errors.Add("condition", $"must be one of {string.Join(", ", ListingConditions.All)}.");
        }

        ValidatePosition(errors);
        if (Sort is not null && !Sorts.Contains(Sort))
        {
            errors.Add("sort", $"must be one of {string.Join(", ", Sorts)}.");
        }

        errors.Range("page", PageNumber, 1, Paging.MaxPage);
        errors.Range("pageSize", Size, 1, MaxPageSize);
    }

    private void ValidatePosition(FieldErrors errors)
    {
        if (Lat is { } lat && (!double.IsFinite(lat) || lat is < -90 or > 90))
        {
            errors.Add("lat", "must be a latitude between -90 and 90.");
        }

        if (Lng is { } lng && (!double.IsFinite(lng) || lng is < -180 or > 180))
        {
            errors.Add("lng", "must be a longitude between -180 and 180.");
        }

        if ((Lat is null) != (Lng is null))
        {
            errors.Add(Lat is null ? "lat" : "lng", "is required with " + (Lat is null ? "lng." : "lat."));
        }

        if (RadiusKm is { } radius)
        {
            if (!double.IsFinite(radius) || radius <= 0 || radius > MaxRadiusKm)
            {
                errors.Add("radiusKm", $"must be more than 0 and at most {MaxRadiusKm}.");
            }
            else if (!HasPosition)
            {
                errors.Add("radiusKm", "needs lat and lng.");
            }
        }

        if (Sort == "distance" && !HasPosition)
        {
            errors.Add("sort", "distance needs lat and lng.");
        }
    }
}

/// <summary>One hit: the listing, how well it matched (0 without words), its distance when a position was given, and the document's fields (Cover: its first image, null without images).</summary>
public sealed record ListingSearchHit(long ListingId, int Score, double? DistanceKm, string Title, long PriceFen, string District, string Condition,
    long CategoryId, int SellerCredit, DateTime PublishedAt, ListingImage? Cover);

public sealed record ListingSearchPage(IReadOnlyList<ListingSearchHit> Items, int Page, int PageSize, long Total);
