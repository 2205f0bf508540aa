using System.Security.Claims;
using System.Text.Json;
using Circula.Identity.Contracts;
using Circula.Marketplace.Contracts;
using Circula.Marketplace.Credit;
using Circula.Marketplace.Listings;
using Circula.Shared;
using Circula.Shared.Geo;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Marketplace.Endpoints;

/// <summary>
/// Sellers write listings and move them (submit, withdraw, relist); anyone reads published ones, finds them near a point
/// or inside a drawn polygon. Coordinates are GCJ-02 (as Chinese map SDKs and wx.getLocation give them).
/// </summary>
public static class ListingEndpoints
{
    private static readonly ListingRequest ExampleRequest = new(ListingView.Example.Title, ListingView.Example.Description, 1, "like-new", 259_900,
        ListingView.Example.Images.Select(i => i.Id).ToList(), ListingView.Example.Location);

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/listings").WithTags("Marketplace");
        group.MapGet("/categories", Categories).WithName("ListMarketplaceCategories")
            .WithSummary("The marketplace's categories (id for categoryId, slug, Chinese name)")
            .WithResponseExample(new[] { new MarketplaceCategoryView(1, "phones", "手机数码") });
        group.MapPost("/", Create).RequireAuthorization().WithName("CreateListingDraft")
            .WithSummary("Write a new listing as a draft (every field checked as for publishing; price in fen, at most 9 image ids, location in GCJ-02); " +
                "403 seller_not_verified unless the seller has a bound phone or signed in with WeChat")
            .Validate<ListingRequest>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithRequestExample(ExampleRequest).WithResponseExample(ListingView.Example with { Status = "draft", Version = 1 }, StatusCodes.Status201Created);
        group.MapPut("/{id:long}", Edit).RequireAuthorization().WithName("EditListing")
            .WithSummary("Replace my listing's fields. A published listing stays published unless the blocklist flags the new title or description, " +
                "which sends it back to review; 409 listing_locked while an order holds it or once sold; 409 concurrency_conflict when another write won")
            .Validate<ListingRequest>().Seller().WithRequestExample(ExampleRequest).WithResponseExample(ListingView.Example);
        group.MapPost("/{id:long}/submit", Submit).RequireAuthorization().WithName("SubmitListing")
            .WithSummary("Send my draft (or my rejected listing, edited) to review; operators see the blocked words it holds")
            .Seller().WithResponseExample(ListingView.Example with { Status = "pending-review" });
        group.MapPost("/{id:long}/withdraw", Withdraw).RequireAuthorization().WithName("WithdrawListing")
            .WithSummary("Take my published (or pending) listing off the market").Seller().WithResponseExample(ListingView.Example with { Status = "withdrawn" });
        group.MapPost("/{id:long}/relist", Relist).RequireAuthorization().WithName("RelistListing")
            .WithSummary("Put my withdrawn listing up again: it goes through review first").Seller()
            .WithResponseExample(ListingView.Example with { Status = "pending-review" });
        group.MapGet("/mine", Mine).RequireAuthorization().WithName("ListMyListings")
            .WithSummary("My listings, most recently changed first, optionally of one status (draft, pending-review, active, rejected, withdrawn, reserved, sold)")
            .Validate<MyListingsQuery>().ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithResponseExample(new PagedList<ListingView>([ListingView.Example], 1, 20, 1));
        group.MapGet("/{id:long}", Get).WithName("GetListing")
            .WithSummary("A listing: published, reserved and sold ones for anybody, the others only for their seller (signed in); 404 otherwise")
            .ProducesProblem(StatusCodes.Status404NotFound).WithResponseExample(ListingView.ForBuyers);
        group.MapGet("/nearby", Nearby).WithName("ListNearbyListings")
            .WithSummary("Published listings within radiusKm (default 5, at most 50) of lat/lng (GCJ-02), nearest first, with distanceMetres")
            .Validate<NearbyQuery>().WithResponseExample(new PagedList<ListingView>([ListingView.ForBuyers with { DistanceMetres = 420 }], 1, 20, 1));
        group.MapPost("/within", Within).WithName("ListListingsWithinPolygon")
            .WithSummary("Published listings inside a GeoJSON Polygon (positions [longitude, latitude] in GCJ-02, closed rings, at most 1,000 positions, " +
                "not self-intersecting; 422 names the position at fault), newest first")
            .Validate<WithinRequest>().WithRequestExample(new WithinRequest(ExamplePolygon))
            .WithResponseExample(new PagedList<ListingView>([ListingView.ForBuyers], 1, 20, 1));
    }

    private static readonly JsonElement ExamplePolygon = JsonSerializer.SerializeToElement(new
    {
        type = "Polygon",
        coordinates = new[] { new[] { new[] { 120.10, 30.24 }, new[] { 120.20, 30.24 }, new[] { 120.20, 30.30 }, new[] { 120.10, 30.30 }, new[] { 120.10, 30.24 } } },
    });

    public static async Task<Ok<List<MarketplaceCategoryView>>> Categories(ListingQueries queries, CancellationToken ct) =>
        TypedResults.Ok((await queries.CategoriesAsync(ct)).Select(MarketplaceCategoryView.From).ToList());

    public static async Task<Results<Created<ListingView>, ProblemHttpResult>> Create(ListingRequest request, ClaimsPrincipal user, ListingWrites writes,
        CancellationToken ct)
    {
        var created = await writes.CreateDraftAsync(user.UserId(), request, ct);
        return created.IsSuccess
            ? TypedResults.Created($"/api/v1/listings/{created.Value.Id}", ListingView.From(created.Value))
            : created.Error.ToProblem();
    }

    public static async Task<Results<Ok<ListingView>, ProblemHttpResult>> Edit(long id, ListingRequest request, ClaimsPrincipal user, ListingWrites writes,
        CancellationToken ct) =>
        (await writes.EditAsync(id, user.UserId(), request, ct)).ToOk(ListingView.From);

    public static async Task<Results<Ok<ListingView>, ProblemHttpResult>> Submit(long id, ClaimsPrincipal user, ListingWrites writes, CancellationToken ct) =>
        (await writes.SubmitAsync(id, user.UserId(), ListingTrigger.Submit, ct)).ToOk(ListingView.From);

    public static async Task<Results<Ok<ListingView>, ProblemHttpResult>> Relist(long id, ClaimsPrincipal user, ListingWrites writes, CancellationToken ct) =>
        (await writes.SubmitAsync(id, user.UserId(), ListingTrigger.Relist, ct)).ToOk(ListingView.From);

    public static async Task<Results<Ok<ListingView>, ProblemHttpResult>> Withdraw(long id, ClaimsPrincipal user, ListingWrites writes, CancellationToken ct) =>
        (await writes.WithdrawAsync(id, user.UserId(), ct)).ToOk(ListingView.From);

    public static async Task<Ok<PagedList<ListingView>>> Mine([AsParameters] MyListingsQuery query, ClaimsPrincipal user, ListingQueries queries,
        CancellationToken ct) =>
        TypedResults.Ok(ListingView.Page(await queries.MineAsync(user.UserId(), ListingStatuses.Of(query.Status), query.Page, query.PageSize, ct), ListingView.From));

    public static async Task<Results<Ok<ListingView>, ProblemHttpResult>> Get(long id, ClaimsPrincipal user, ListingQueries queries, SellerCredits credits,
        CancellationToken ct)
    {
        long? viewer = user.Identity?.IsAuthenticated == true ? user.UserId() : null;
        return await queries.FindVisibleAsync(id, viewer, ct) is { } listing
            ? TypedResults.Ok(await ListingView.WithCreditAsync(listing, credits, ct))
            : ApiProblems.NotFound("Listing");
    }

    public static async Task<Ok<PagedList<ListingView>>> Nearby([AsParameters] NearbyQuery query, ListingQueries queries, SellerCredits credits,
        CancellationToken ct) =>
        TypedResults.Ok(await ListingView.WithCreditAsync(ListingView.Page(await queries.NearbyAsync(query.Lat!.Value, query.Lng!.Value,
            query.RadiusKm ?? NearbyQuery.DefaultRadiusKm, query.Page, query.PageSize, ct), ListingView.Nearby), credits, ct));

    public static async Task<Ok<PagedList<ListingView>>> Within(WithinRequest request, ListingQueries queries, SellerCredits credits, CancellationToken ct)
    {
        var polygon = GeoJsonPolygon.Validated(request.Polygon, "polygon").Value!;
        return TypedResults.Ok(await ListingView.WithCreditAsync(ListingView.Page(await queries.WithinAsync(polygon, request.Page, request.PageSize, ct),
            ListingView.From), credits, ct));
    }

    /// <summary>A seller's write: documented with its 401, 403 (not verified), 404 (not theirs) and 409 (not allowed now).</summary>
    private static RouteHandlerBuilder Seller(this RouteHandlerBuilder endpoint) =>
        endpoint.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
