using System.Security.Claims;
using Circula.Identity.Contracts;
using Circula.Marketplace.Contracts;
using Circula.Marketplace.Listings;
using Circula.Marketplace.Moderation;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Marketplace.Endpoints;

/// <summary>Operators: the moderation queue, approving, rejecting and taking down listings, and the keyword blocklist.</summary>
public static class MarketplaceAdmin
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var listings = app.MapGroup("/api/v1/admin/marketplace/listings").WithTags("Marketplace admin")
            .RequireAuthorization(Permissions.MarketplaceModerate);
        listings.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        listings.MapGet("/", List).WithName("ListListingsForOperators")
            .WithSummary("Listings by status with the blocked words found in them; status=pending-review is the moderation queue, oldest submission first " +
                "(flagged=true: only those the blocklist flagged)")
            .Validate<OperatorListingsQuery>()
            .WithResponseExample(new PagedList<ListingView>([ListingView.Example with { Status = "pending-review", FlaggedWords = ["加微信"] }], 1, 20, 1));
        listings.MapGet("/{id:long}", Get).WithName("GetListingForOperators")
            .WithSummary("Any listing with its flagged words and every status change").ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(new ListingDetailView(ListingView.Example with { FlaggedWords = [] },
                [new ListingStepView("draft", "pending-review", "submit", "seller", "10001", null, ListingView.Example.SubmittedAt!.Value)]));
        listings.MapPost("/{id:long}/approve", Approve).WithName("ApproveListing")
            .WithSummary("Publish a listing waiting for review (flagged or not: the operator decides); 409 when it is not pending or another operator decided first")
            .Moderation().WithResponseExample(ListingView.Example with { FlaggedWords = [] });
        listings.MapPost("/{id:long}/reject", Reject).WithName("RejectListing")
            .WithSummary("Refuse a listing waiting for review, with a reason its seller sees; the seller may edit it and submit again")
            .Validate<ModerationReason>().Moderation().WithRequestExample(new ModerationReason("描述中含有站外联系方式，请删除后重新提交"))
            .WithResponseExample(ListingView.Example with { Status = "rejected", ReviewReason = "描述中含有站外联系方式，请删除后重新提交", FlaggedWords = ["加微信"] });
        listings.MapPost("/{id:long}/take-down", TakeDown).WithName("TakeDownListing")
            .WithSummary("Take a published listing off the market, with a reason its seller sees (it becomes rejected; the seller may edit and submit again)")
            .Validate<ModerationReason>().Moderation().WithRequestExample(new ModerationReason("疑似假冒商品"))
            .WithResponseExample(ListingView.Example with { Status = "rejected", ReviewReason = "疑似假冒商品", FlaggedWords = [] });

        var words = app.MapGroup("/api/v1/admin/marketplace/blocked-words").WithTags("Marketplace admin")
            .RequireAuthorization(Permissions.MarketplaceBlocklistManage);
        words.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        words.MapGet("/", Words).WithName("ListBlockedWords")
            .WithSummary("The keyword blocklist: configured words (Circula:Marketplace:BlockedWords) and operators' own; matched case-insensitively, white space ignored")
            .WithResponseExample(new[] { new BlockedWordView("加微信", true, null) });
        words.MapPost("/", AddWord).WithName("AddBlockedWord")
            .WithSummary("Block a word (stored lower case without white space); adding one that is there already changes nothing. " +
                "Listings submitted or edited from now on are checked against it")
            .Validate<BlockedWordRequest>().WithRequestExample(new BlockedWordRequest("代购"))
            .WithResponseExample(new BlockedWordView("代购", false, ListingView.Example.CreatedAt));
        words.MapDelete("/{word}", RemoveWord).WithName("RemoveBlockedWord")
            .WithSummary("Unblock an operator's word; 409 configured_word for a configured one (change the configuration), 404 for one not blocked")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static async Task<Ok<PagedList<ListingView>>> List([AsParameters] OperatorListingsQuery query, ListingQueries queries, CancellationToken ct) =>
        TypedResults.Ok(ListingView.Page(await queries.ForOperatorsAsync(ListingStatuses.Of(query.Status), query.Flagged, query.Page, query.PageSize, ct),
            ListingView.ForOperators));

    public static async Task<Results<Ok<ListingDetailView>, ProblemHttpResult>> Get(long id, ListingQueries queries, CancellationToken ct) =>
        await queries.FindAsync(id, ct) is { } listing
            ? TypedResults.Ok(new ListingDetailView(ListingView.ForOperators(listing), (await queries.HistoryAsync(id, ct)).Select(ListingStepView.Of).ToList()))
            : ApiProblems.NotFound("Listing");

    public static async Task<Results<Ok<ListingView>, ProblemHttpResult>> Approve(long id, ClaimsPrincipal user, ListingWrites writes, CancellationToken ct) =>
        (await writes.ModerateAsync(id, ListingTrigger.Approve, user.UserId(), null, ct)).ToOk(ListingView.ForOperators);

    public static async Task<Results<Ok<ListingView>, ProblemHttpResult>> Reject(long id, ModerationReason body, ClaimsPrincipal user, ListingWrites writes,
        CancellationToken ct) =>
        (await writes.ModerateAsync(id, ListingTrigger.Reject, user.UserId(), body.Reason!.Trim(), ct)).ToOk(ListingView.ForOperators);

    public static async Task<Results<Ok<ListingView>, ProblemHttpResult>> TakeDown(long id, ModerationReason body, ClaimsPrincipal user, ListingWrites writes,
        CancellationToken ct) =>
        (await writes.ModerateAsync(id, ListingTrigger.TakeDown, user.UserId(), body.Reason!.Trim(), ct)).ToOk(ListingView.ForOperators);

    public static async Task<Ok<List<BlockedWordView>>> Words(Blocklist blocklist, CancellationToken ct) =>
        TypedResults.Ok((await blocklist.ListAsync(ct)).Select(BlockedWordView.From).ToList());

    public static async Task<Ok<BlockedWordView>> AddWord(BlockedWordRequest body, ClaimsPrincipal user, Blocklist blocklist, CancellationToken ct) =>
        TypedResults.Ok(BlockedWordView.From(await blocklist.AddAsync(body.Word!, user.UserId(), ct)));

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveWord(string word, Blocklist blocklist, CancellationToken ct) =>
        (await blocklist.RemoveAsync(word, ct)).ToNoContent();

    private static RouteHandlerBuilder Moderation(this RouteHandlerBuilder endpoint) =>
        endpoint.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
