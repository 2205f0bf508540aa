using System.ComponentModel;
using Circula.Marketplace.Listings;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Circula.Marketplace.Pricing.Endpoints;

/// <summary>What to ask for a second-hand item: categoryId and condition required, q (words of the title) optional.</summary>
public sealed record PriceSuggestionQuery(long? CategoryId, string? Condition, string? Q) : IValidatable
{
    public const int MaxQ = ListingRequest.MaxTitle;

    public void Validate(FieldErrors errors)
    {
        if (CategoryId is not > 0)
        {
            errors.Add("categoryId", "is required (GET /api/v1/listings/categories lists them).");
        }

        ListingRequest.CheckCondition(errors, "condition", Condition);
        errors.Optional("q", Q, MaxQ);
    }
}

/// <summary>
/// The suggestion: <c>ok</c> with the suggested price and the band, or <c>insufficient_data</c> with only the sample size
/// (no price is invented); either way the 30 days' series, oldest first. Prices in fen.
/// </summary>
public sealed record PriceSuggestionView(string Status, int SampleSize, int MinimumSamples, long? SuggestedFen, long? LowFen, long? HighFen,
    IReadOnlyList<DailyPrice> Daily)
{
    public const string Ok = "ok";
    public const string InsufficientData = "insufficient_data";

    public static PriceSuggestionView From(PriceEstimate e, int minimumSamples) =>
        new(e.Enough ? Ok : InsufficientData, e.SampleSize, minimumSamples, e.SuggestedFen, e.LowFen, e.HighFen, e.Daily);
}

public static class PricingEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/pricing/suggestions", Suggest).WithTags("Marketplace").WithName("SuggestListingPrice")
            .WithSummary("A price for a second-hand item from the last 30 days' completed deals of similar items (same category and condition; " +
                "with q, titles sharing a word): the weighted mean (weight 0.98 per day of age) in fen, a ±1.5σ band, the sample size and the daily series; " +
                "status insufficient_data and no price below the minimum sample size; 422 for an unknown category")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(new PriceSuggestionView(PriceSuggestionView.Ok, 6, 5, 252_315, 224_180, 280_450,
                [new DailyPrice(new DateOnly(2026, 5, 1), 2, 255_000), new DailyPrice(new DateOnly(2026, 5, 2), 0, null)]));
    }

    // Parameters one by one rather than [AsParameters] PriceSuggestionQuery: OpenAPI fails on [Description] of a record's parameters.
    public static async Task<Results<Ok<PriceSuggestionView>, ProblemHttpResult>> Suggest(
        [Description("The item's marketplace category (GET /api/v1/listings/categories); required.")] long? categoryId,
        [Description("The item's condition: new, like-new, good, fair or for-parts; required.")] string? condition,
        [Description("Words of the item's title, at most 60 characters: only deals whose titles share one count; omit for the whole category and condition.")]
        string? q,
        PriceSuggestions suggestions, IOptions<PricingOptions> options, CancellationToken ct)
    {
        var errors = new FieldErrors();
        new PriceSuggestionQuery(categoryId, condition, q).Validate(errors);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors.ToDictionary());
        }

        return (await suggestions.SuggestAsync(categoryId!.Value, ListingRequest.ParseCondition(condition)!.Value, q, ct))
            .ToOk(e => PriceSuggestionView.From(e, options.Value.MinimumSamples));
    }
}
