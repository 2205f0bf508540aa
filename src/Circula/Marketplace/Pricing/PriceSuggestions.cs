using Circula.Data;
using Circula.Marketplace.Contracts;
using Circula.Marketplace.Listings;
using Circula.Marketplace.Search;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Marketplace.Pricing;

/// <summary>Circula:Marketplace:Pricing: below <see cref="MinimumSamples"/> similar deals in the window the suggestion says so instead of guessing.</summary>
public sealed class PricingOptions
{
    public const string Section = "Circula:Marketplace:Pricing";

    public int MinimumSamples { get; set; } = 5;
}

/// <summary>
/// Suggests a price from the completed deals of similar items: listings of the same category and condition that sold in
/// the window (the time of their move to Sold in the listing history), and when words are given, whose title shares one of
/// them (words as the search splits them, of two characters or more and not only digits). The math is <see cref="PriceWindow"/>'s.
/// </summary>
public sealed class PriceSuggestions(CirculaDbContext db, IOptions<PricingOptions> options, TimeProvider clock)
{
    public async Task<Result<PriceEstimate>> SuggestAsync(long categoryId, ListingCondition condition, string? words, CancellationToken ct)
    {
        if (!await db.Set<MarketplaceCategory>().AnyAsync(c => c.Id == categoryId, ct))
        {
            return DomainError.Validation("categoryId", "must be a marketplace category (GET /api/v1/listings/categories lists them).");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var since = PriceWindow.FirstDay(today).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var sold = await (
            from h in db.Set<ListingHistoryEntry>().AsNoTracking()
            join l in db.Set<Listing>().AsNoTracking() on h.ListingId equals l.Id
            where h.ToStatus == ListingStatus.Sold && h.CreatedAt >= since && h.CreatedAt <= now && l.CategoryId == categoryId && l.Condition == condition
            select new { l.Title, l.PriceFen, h.CreatedAt }).ToListAsync(ct);
        var wanted = Similarity(words);
        var deals = sold.Where(s => wanted.Count == 0 || Similarity(s.Title).Overlaps(wanted))
            .Select(s => new DealPrice(DateOnly.FromDateTime(s.CreatedAt), s.PriceFen)).ToList();
        return PriceWindow.Estimate(deals, today, options.Value.MinimumSamples);
    }

    private static HashSet<string> Similarity(string? text) => string.IsNullOrWhiteSpace(text)
        ? []
        : SearchText.Words(text).SelectMany(w => (w.Tiling ?? []).Prepend(w.Word)).Where(w => w.Length >= 2 && !w.All(char.IsAsciiDigit))
            .ToHashSet(StringComparer.Ordinal);
}
