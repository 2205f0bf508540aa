namespace Circula.Recycling.Pricing;

/// <summary>
/// One saved version of a category's pricing rule. Versions are never changed: an edit adds the next one, and quotes
/// and appointments keep the version they were priced with.
/// </summary>
public sealed class PricingRuleVersion
{
    private PricingRule? _rule;

    private PricingRuleVersion()
    {
    }

    public long CategoryId { get; private init; }

    public int Version { get; private init; }

    /// <summary>The rule as its JSON document.</summary>
    public string Document { get; private init; } = "";

    public long? CreatedBy { get; private init; }

    public DateTime CreatedAt { get; private init; }

    public PricingRule Rule => _rule ??= PricingRule.FromJson(Document);

    public static PricingRuleVersion Create(long categoryId, int version, PricingRule rule, long? createdBy, DateTime now) => new()
    {
        CategoryId = categoryId,
        Version = version,
        Document = rule.ToJson(),
        CreatedBy = createdBy,
        CreatedAt = now,
        _rule = rule,
    };
}
