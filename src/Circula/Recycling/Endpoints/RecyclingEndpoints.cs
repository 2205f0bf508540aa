using System.Security.Claims;
using System.Text.Json;
using Circula.Catalog.Contracts;
using Circula.Identity.Contracts;
using Circula.Recycling.Pricing;
using Circula.Recycling.Quotes;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Recycling.Endpoints;

/// <summary>The customers' side of recycling: the price list and instant quotes.</summary>
public static class RecyclingEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/recycling").WithTags("Recycling");
        group.MapGet("/categories", Categories).WithName("ListRecyclingCategories")
            .WithSummary("Enabled recycling categories with their unit, current base price (fen per unit) and the questions to ask about each item")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithResponseExample(new[] { RecyclingCategoryView.Example });
        group.MapPost("/quotes", Quote).RequireAuthorization().WithName("CreateRecyclingQuote")
            .WithSummary("An instant quote: each item priced by the category's current rule, with the factors that applied; kept until it expires")
            .Validate<QuoteRequest>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithRequestExample(new QuoteRequest(42, [new QuoteItemInput(1, new Dictionary<string, JsonElement>
            {
                ["brand"] = JsonSerializer.SerializeToElement("华为"),
                ["working"] = JsonSerializer.SerializeToElement(false),
            })]))
            .WithResponseExample(QuoteView.Example, StatusCodes.Status201Created);
        group.MapGet("/quotes/{id:long}", GetQuote).RequireAuthorization().WithName("GetRecyclingQuote")
            .WithSummary("One of the signed-in customer's quotes").ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound).WithResponseExample(QuoteView.Example);
    }

    public static async Task<Ok<List<RecyclingCategoryView>>> Categories(IRecyclingCategories categories, PricingRules rules, CancellationToken ct)
    {
        var current = await rules.CurrentAsync(ct);
        return TypedResults.Ok((await categories.ListAsync(ct)).Where(c => c.IsEnabled)
            .Select(c => RecyclingCategoryView.From(c, current.GetValueOrDefault(c.Id))).ToList());
    }

    public static async Task<Results<Created<QuoteView>, ProblemHttpResult>> Quote(QuoteRequest request, ClaimsPrincipal user, Quoting quoting, CancellationToken ct)
    {
        var quote = await quoting.QuoteAsync(request, user.UserId(), ct);
        return quote.IsSuccess ? TypedResults.Created($"/api/v1/recycling/quotes/{quote.Value.Id}", QuoteView.From(quote.Value)) : quote.Error.ToProblem();
    }

    public static async Task<Results<Ok<QuoteView>, ProblemHttpResult>> GetQuote(long id, ClaimsPrincipal user, Quoting quoting, CancellationToken ct) =>
        (await quoting.GetAsync(id, user.UserId(), ct)).ToOk(QuoteView.From);
}
