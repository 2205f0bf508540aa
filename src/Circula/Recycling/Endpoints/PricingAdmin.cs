using System.Security.Claims;
using System.Text.Json;
using Circula.Catalog.Contracts;
using Circula.Identity.Contracts;
using Circula.Recycling.Pricing;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Circula.Recycling.Endpoints;

/// <summary>Operators edit the pricing rules (each save a new version, conditional on If-Match) and preview them.</summary>
public static class PricingAdmin
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/recycling/pricing").WithTags("Recycling admin").RequireAuthorization(Permissions.RecyclingManage);
        admin.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("/", List).WithName("ListPricingRules")
            .WithSummary("Every recycling category (disabled ones too) with its current rule and version")
            .WithResponseExample(new[] { new PricingView(42, "电子产品/旧手机", true, true, 2, ExampleRule, ExampleTime) });
        admin.MapGet("/{categoryId:long}/versions", Versions).WithName("ListPricingRuleVersions")
            .WithSummary("Every saved version of a category's rule, newest first").ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(new[] { ExampleVersion });
        admin.MapPut("/{categoryId:long}", Save).WithName("SavePricingRule")
            .WithSummary("Save a category's rule as its next version; If-Match: \"<current version>\" (\"0\" before the first) refuses a save over someone else's")
            .Validate<PricingRule>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithRequestExample(ExampleRule).WithResponseExample(ExampleVersion);
        admin.MapPost("/preview", Preview).WithName("PreviewPricingRule")
            .WithSummary("Price sample items with a rule as edited, without saving either").Validate<PricingPreviewRequest>()
            .WithRequestExample(new PricingPreviewRequest(ExampleRule, QuoteExampleItems))
            .WithResponseExample(new QuoteBreakdown("piece", QuoteView.Example.Items, QuoteView.Example.TotalFen));
    }

    private static readonly PricingRule ExampleRule = new("piece", 30000,
        [new AttributeSpec("brand", "品牌", "choice", ["苹果", "华为", "小米", "其他"], true), new AttributeSpec("working", "能否正常开机", "boolean", null, true)],
        [
            new PriceFactor("brand", "eq", JsonSerializer.SerializeToElement("苹果"), null, "multiply", 15000, "苹果加价"),
            new PriceFactor("working", "eq", JsonSerializer.SerializeToElement(false), null, "multiply", 3000, "无法开机"),
        ],
        MinUnitPriceFen: 500);

    private static readonly DateTime ExampleTime = new(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc);

    private static readonly PricingVersionView ExampleVersion = new(2, ExampleRule, 1, ExampleTime);

    private static readonly IReadOnlyList<QuoteItemInput> QuoteExampleItems =
        [new QuoteItemInput(1, new Dictionary<string, JsonElement>
        {
            ["brand"] = JsonSerializer.SerializeToElement("华为"),
            ["working"] = JsonSerializer.SerializeToElement(false),
        })];

    public static async Task<Ok<List<PricingView>>> List(IRecyclingCategories categories, PricingRules rules, CancellationToken ct)
    {
        var current = await rules.CurrentAsync(ct);
        return TypedResults.Ok((await categories.ListAsync(ct)).Select(c => PricingView.From(c, current.GetValueOrDefault(c.Id))).ToList());
    }

    public static async Task<Results<Ok<List<PricingVersionView>>, ProblemHttpResult>> Versions(long categoryId, PricingRules rules, CancellationToken ct) =>
        (await rules.HistoryAsync(categoryId, ct)).ToOk(versions => versions.Select(PricingVersionView.From).ToList());

    public static async Task<Results<Ok<PricingVersionView>, ProblemHttpResult>> Save(long categoryId, PricingRule rule,
        [FromHeader(Name = "If-Match")] string? ifMatch, ClaimsPrincipal user, HttpResponse response, PricingRules rules, CancellationToken ct) =>
        (await rules.SaveAsync(categoryId, rule, VersionTags.Parse(ifMatch), user.UserId(), ct)).ToOk(saved =>
        {
            response.Headers.ETag = VersionTags.Of(saved.Version);
            return PricingVersionView.From(saved);
        });

    public static Results<Ok<QuoteBreakdown>, ProblemHttpResult> Preview(PricingPreviewRequest request) =>
        new Quoter(request.Rule).Quote(request.Items).ToOk(breakdown => breakdown);
}
