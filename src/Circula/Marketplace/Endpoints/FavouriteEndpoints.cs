using System.Security.Claims;
using Circula.Identity.Contracts;
using Circula.Marketplace.Credit;
using Circula.Marketplace.Favourites;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Marketplace.Endpoints;

/// <summary>A signed-in user's favourite listings: add and remove are idempotent (PUT and DELETE), and the list is theirs only.</summary>
public static class FavouriteEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/listings").WithTags("Marketplace").RequireAuthorization();
        group.ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPut("/{id:long}/favourite", Add).WithName("AddFavouriteListing")
            .WithSummary("Keep a listing I may see among my favourites; doing it again changes nothing").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:long}/favourite", Remove).WithName("RemoveFavouriteListing")
            .WithSummary("Drop a listing from my favourites; 204 also when it was not there");
        group.MapGet("/favourites", Mine).WithName("ListMyFavouriteListings")
            .WithSummary("My favourite listings that I may still see, the latest added first").Validate<PageQuery>()
            .WithResponseExample(new PagedList<ListingView>([ListingView.ForBuyers], 1, 20, 1));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Add(long id, ClaimsPrincipal user, FavouriteList favourites, CancellationToken ct) =>
        (await favourites.AddAsync(user.UserId(), id, ct)).ToNoContent();

    public static async Task<NoContent> Remove(long id, ClaimsPrincipal user, FavouriteList favourites, CancellationToken ct)
    {
        await favourites.RemoveAsync(user.UserId(), id, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<PagedList<ListingView>>> Mine([AsParameters] PageQuery query, ClaimsPrincipal user, FavouriteList favourites,
        SellerCredits credits, CancellationToken ct) =>
        TypedResults.Ok(await ListingView.WithCreditAsync(ListingView.Page(await favourites.MineAsync(user.UserId(), query.Page, query.PageSize, ct),
            ListingView.From), credits, ct));
}
