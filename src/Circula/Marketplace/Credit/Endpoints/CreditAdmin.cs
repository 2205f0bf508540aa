using System.Security.Claims;
using Circula.Identity.Contracts;
using Circula.Marketplace.Endpoints;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Marketplace.Credit.Endpoints;

/// <summary>Operators: a user's credit and trail, recording a lost dispute or a signed adjustment, and replaying the trail.</summary>
public static class CreditAdmin
{
    public const string AlreadyRecorded = "credit_already_recorded";

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/marketplace/credit/{userId:long}").WithTags("Marketplace admin")
            .RequireAuthorization(Permissions.MarketplaceCreditManage);
        group.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", Get).WithName("GetCreditForOperators")
            .WithSummary("A user's seller credit (score, tier) and its trail, newest change first").Validate<CreditTrailQuery>()
            .WithResponseExample(CreditAccountView.Example);
        group.MapPost("/adjustments", Adjust).WithName("AdjustCredit")
            .WithSummary("Record a lost dispute (kind dispute-lost: the configured points) or an adjustment (kind adjustment: its own signed points), " +
                "with a reference (case number) and a reason kept in the trail; 409 credit_already_recorded when that reference was recorded for the user")
            .Validate<CreditAdjustmentRequest>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(new CreditAdjustmentRequest(CreditAdjustmentRequest.DisputeLost, null, "DSP-20260501-0042", "买家举证商品与描述严重不符，纠纷判卖家败诉"))
            .WithResponseExample(CreditEntryView.Example with { Rule = "dispute-lost", Points = -30, SourceKey = "dispute-lost:DSP-20260501-0042", RecordedBy = "1" },
                StatusCodes.Status201Created);
        group.MapPost("/replay", Replay).WithName("ReplayCredit")
            .WithSummary("Sum the user's trail (the points each change had when recorded) and store it as the score; answers the drift found (0: they agreed)")
            .WithResponseExample(new CreditReplayView("10001", 128, 128, 0, 14, CreditView.Example));
    }

    public static async Task<Results<Ok<CreditAccountView>, ProblemHttpResult>> Get(long userId, [AsParameters] CreditTrailQuery query, IUserDirectory users,
        SellerCredits credits, CancellationToken ct) =>
        await ExistsAsync(users, userId, ct) ? TypedResults.Ok(await CreditEndpoints.AccountAsync(credits, userId, query, ct)) : ApiProblems.NotFound("User");

    public static async Task<Results<Created<CreditEntryView>, ProblemHttpResult>> Adjust(long userId, CreditAdjustmentRequest body, ClaimsPrincipal user,
        IUserDirectory users, SellerCredits credits, CancellationToken ct)
    {
        if (!await ExistsAsync(users, userId, ct))
        {
            return ApiProblems.NotFound("User");
        }

        var entry = await credits.AdjustAsync(userId, body.Rule, body.Points, body.SourceKey, body.Reason!.Trim(), user.UserId(), ct);
        return entry is null
            ? ApiProblems.Conflict(AlreadyRecorded, $"A change with reference {body.Reference!.Trim()} was recorded for this user already.")
            : TypedResults.Created($"/api/v1/admin/marketplace/credit/{userId}", CreditEntryView.From(entry));
    }

    public static async Task<Results<Ok<CreditReplayView>, ProblemHttpResult>> Replay(long userId, IUserDirectory users, SellerCredits credits, CancellationToken ct)
    {
        if (!await ExistsAsync(users, userId, ct))
        {
            return ApiProblems.NotFound("User");
        }

        var replay = await credits.ReplayAsync(userId, ct);
        return TypedResults.Ok(new CreditReplayView(ListingView.Text(userId), replay.StoredScore, replay.TrailScore, replay.Drift, replay.TrailEntries,
            CreditView.From(credits.Standing(replay.TrailScore))));
    }

    private static async Task<bool> ExistsAsync(IUserDirectory users, long userId, CancellationToken ct) =>
        userId > 0 && await users.DisplayNameAsync(UserId.From(userId), ct) is not null;
}
