using System.Security.Claims;
using Circula.Identity.Contracts;
using Circula.Marketplace.Endpoints;
using Circula.Marketplace.Listings;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Marketplace.Credit.Endpoints;

/// <summary>Users: a seller's public profile with their credit and tier, and my own credit with its trail.</summary>
public static class CreditEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/marketplace").WithTags("Marketplace");
        group.MapGet("/sellers/{userId:long}", Seller).WithName("GetSellerProfile")
            .WithSummary("A seller as buyers see them: the display name masked, the credit score and tier, the number of listings on sale; 404 for no such user")
            .ProducesProblem(StatusCodes.Status404NotFound).WithResponseExample(SellerProfileView.Example);
        group.MapGet("/credit/me", Mine).RequireAuthorization().WithName("GetMyCredit")
            .WithSummary("My seller credit: score, tier and every change with its reason, newest first")
            .Validate<CreditTrailQuery>().ProducesProblem(StatusCodes.Status401Unauthorized).WithResponseExample(CreditAccountView.Example);
    }

    public static async Task<Results<Ok<SellerProfileView>, ProblemHttpResult>> Seller(long userId, IUserDirectory users, SellerCredits credits,
        ListingQueries listings, CancellationToken ct)
    {
        if (userId <= 0 || await users.DisplayNameAsync(UserId.From(userId), ct) is not { } name)
        {
            return ApiProblems.NotFound("Seller");
        }

        return TypedResults.Ok(new SellerProfileView(ListingView.Text(userId), PiiMask.Nickname(name), CreditView.From(await credits.StandingAsync(userId, ct)),
            await listings.ActiveCountAsync(userId, ct)));
    }

    public static async Task<Ok<CreditAccountView>> Mine([AsParameters] CreditTrailQuery query, ClaimsPrincipal user, SellerCredits credits, CancellationToken ct) =>
        TypedResults.Ok(await AccountAsync(credits, user.UserId(), query, ct));

    public static async Task<CreditAccountView> AccountAsync(SellerCredits credits, long userId, CreditTrailQuery query, CancellationToken ct)
    {
        var (items, total) = await credits.TrailAsync(userId, query.Page, query.PageSize, ct);
        return new CreditAccountView(ListingView.Text(userId), CreditView.From(await credits.StandingAsync(userId, ct)),
            new PagedList<CreditEntryView>(items.Select(CreditEntryView.From).ToList(), query.Page, query.PageSize, total));
    }
}
