using System.ComponentModel;
using Circula.Marketplace.Endpoints;
using Circula.Marketplace.Listings;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Marketplace.Search.Endpoints;

/// <summary>
/// A hit as clients see it: the listing id as a string of digits, the match score, the distance when a position was given, the listing's fields,
/// and its cover image (the first of its images, as the listing answers it; null when it has none).
/// </summary>
public sealed record ListingSearchHitView(string ListingId, int Score, double? DistanceKm, string Title, long PriceFen, string District, string Condition,
    long CategoryId, int SellerCredit, DateTime PublishedAt, ListingImage? CoverImage)
{
    public static ListingSearchHitView From(ListingSearchHit hit) => new(hit.ListingId.ToString(System.Globalization.CultureInfo.InvariantCulture), hit.Score,
        hit.DistanceKm is { } km ? Math.Round(km, 3) : null, hit.Title, hit.PriceFen, hit.District, hit.Condition, hit.CategoryId, hit.SellerCredit, hit.PublishedAt,
        hit.Cover);
}

/// <summary>The public listing search.</summary>
public static class ListingSearchEndpoints
{
    private static readonly PagedList<ListingSearchHitView> Example = new(
        [new ListingSearchHitView("7262110390812672", 16, 1.204, "二手 iPhone 13 手机 128G 九成新", 258000, "西湖区", "like-new", 12, 320,
            new DateTime(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc), ListingView.Example.Images[0])], 1, 20, 1);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/listings").WithTags("Marketplace").MapGet("/search", Search).WithName("SearchListings")
            .WithSummary("Search active listings: q (Chinese, Latin or mixed words, every one must match; operators' synonyms and one-letter typos of " +
                "Latin words count), categoryId, minPrice/maxPrice in fen, condition (new | like-new | good | fair | for-parts), lat/lng (GCJ-02) with " +
                "radiusKm (at most 100), sort = relevance (default: title above description, then the fresher day, then seller credit) | price | " +
                "distance (needs lat/lng) | newest, page, pageSize (at most 50)")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(Example);

    // Parameters one by one rather than [AsParameters] ListingSearchQuery: OpenAPI fails on [Description] of a record's parameters.
    public static async Task<Results<Ok<PagedList<ListingSearchHitView>>, ProblemHttpResult>> Search(
        [Description("Words to find (Chinese, Latin or mixed, at most 100 characters); every word must match the title or description.")] string? q,
        [Description("Only listings in this category.")] long? categoryId,
        [Description("Lowest price in fen (1 yuan = 100 fen).")] long? minPrice,
        [Description("Highest price in fen, not below minPrice.")] long? maxPrice,
        [Description("Only listings in this condition: new, like-new, good, fair or for-parts.")] string? condition,
        [Description("Latitude of the searcher in GCJ-02 degrees (as Chinese map SDKs and wx.getLocation give it), -90 to 90; with lng.")] double? lat,
        [Description("Longitude of the searcher in GCJ-02 degrees, -180 to 180; with lat.")] double? lng,
        [Description("Only listings within this many kilometres of lat/lng (more than 0, at most 100).")] double? radiusKm,
        [Description("Order: relevance (the default), price (lowest first), distance (nearest first; needs lat/lng) or newest.")] string? sort,
        [Description("Page number, from 1.")] int? page,
        [Description("Items per page, 1 to 50 (default 20).")] int? pageSize,
        ListingSearch search, CancellationToken ct)
    {
        var query = new ListingSearchQuery(q, categoryId, minPrice, maxPrice, condition, lat, lng, radiusKm, sort, page, pageSize);
        var errors = new FieldErrors();
        query.Validate(errors);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors.ToDictionary());
        }

        var found = await search.SearchAsync(query, ct);
        return TypedResults.Ok(new PagedList<ListingSearchHitView>(found.Items.Select(ListingSearchHitView.From).ToList(), found.Page, found.PageSize, found.Total));
    }
}
