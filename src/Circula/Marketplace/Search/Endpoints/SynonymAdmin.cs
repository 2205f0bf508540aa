using Circula.Identity.Contracts;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Marketplace.Search.Endpoints;

public sealed record SynonymGroupView(long Id, IReadOnlyList<string> Terms, DateTime UpdatedAt)
{
    public static SynonymGroupView From(SynonymGroup group) => new(group.Id, group.Terms.OrderBy(t => t.Position).Select(t => t.Term).ToList(), group.UpdatedAt);
}

/// <summary>Operators edit the search's synonym groups; searches use an edit from the next query on, without reindexing.</summary>
public static class SynonymAdmin
{
    private static readonly SynonymGroupRequest ExampleRequest = new(["手机", "智能机", "移动电话"]);

    private static readonly SynonymGroupView Example = new(1, ["手机", "智能机", "移动电话"], new DateTime(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc));

    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/marketplace/synonyms").WithTags("Marketplace admin").RequireAuthorization(Permissions.MarketplaceSearchManage);
        admin.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("/", List).WithName("ListSynonymGroups").WithSummary("Every synonym group the listing search expands queries with")
            .WithResponseExample(new[] { Example });
        admin.MapPost("/", Create).WithName("CreateSynonymGroup")
            .WithSummary("Add a synonym group: 2 to 20 terms, each one word as the search splits text; 409 synonym_term_taken when a term is in another group")
            .Validate<SynonymGroupRequest>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(ExampleRequest).WithResponseExample(Example, StatusCodes.Status201Created);
        admin.MapPut("/{id:long}", Update).WithName("UpdateSynonymGroup")
            .WithSummary("Replace a synonym group's terms (checked as when it was added)")
            .Validate<SynonymGroupRequest>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(ExampleRequest).WithResponseExample(Example);
        admin.MapDelete("/{id:long}", Delete).WithName("DeleteSynonymGroup").WithSummary("Remove a synonym group")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static async Task<Ok<List<SynonymGroupView>>> List(SynonymGroups groups, CancellationToken ct) =>
        TypedResults.Ok((await groups.ListAsync(ct)).Select(SynonymGroupView.From).ToList());

    public static async Task<Results<Created<SynonymGroupView>, ProblemHttpResult>> Create(SynonymGroupRequest request, SynonymGroups groups, CancellationToken ct)
    {
        var group = await groups.CreateAsync(request, ct);
        return group.IsSuccess
            ? TypedResults.Created($"/api/v1/admin/marketplace/synonyms/{group.Value!.Id}", SynonymGroupView.From(group.Value))
            : group.Error!.ToProblem();
    }

    public static async Task<Results<Ok<SynonymGroupView>, ProblemHttpResult>> Update(long id, SynonymGroupRequest request, SynonymGroups groups,
        CancellationToken ct) =>
        (await groups.UpdateAsync(id, request, ct)).ToOk(SynonymGroupView.From);

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, SynonymGroups groups, CancellationToken ct) =>
        await groups.DeleteAsync(id, ct) ? TypedResults.NoContent() : ApiProblems.NotFound("Synonym group");
}
