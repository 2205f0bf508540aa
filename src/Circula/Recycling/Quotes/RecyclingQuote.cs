using System.Text.Json;
using Circula.Recycling.Pricing;

namespace Circula.Recycling.Quotes;

/// <summary>An instant quote as given to a customer: what was priced, by which rule version, for how much, until when.</summary>
public sealed class RecyclingQuote
{
    private QuoteBreakdown? _breakdown;

    private RecyclingQuote()
    {
    }

    public long Id { get; private init; }

    public long CategoryId { get; private init; }

    public int RuleVersion { get; private init; }

    public long UserId { get; private init; }

    public long TotalFen { get; private init; }

    /// <summary>The itemized breakdown as JSON.</summary>
    public string Breakdown { get; private init; } = "";

    public DateTime CreatedAt { get; private init; }

    public DateTime ExpiresAt { get; private init; }

    public QuoteBreakdown Priced => _breakdown ??= JsonSerializer.Deserialize<QuoteBreakdown>(Breakdown, PricingJson.Options)!;

    public static RecyclingQuote Create(long id, PricingRuleVersion rule, QuoteBreakdown breakdown, long userId, DateTime now, TimeSpan validFor) => new()
    {
        Id = id,
        CategoryId = rule.CategoryId,
        RuleVersion = rule.Version,
        UserId = userId,
        TotalFen = breakdown.TotalFen,
        Breakdown = JsonSerializer.Serialize(breakdown, PricingJson.Options),
        CreatedAt = now,
        ExpiresAt = now + validFor,
        _breakdown = breakdown,
    };
}
