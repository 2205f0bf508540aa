using Circula.Catalog.Contracts;
using Circula.Recycling.Pricing;
using Circula.Recycling.Quotes;

namespace Circula.Recycling.Endpoints;

/// <summary>
/// A recycling category as the mini program shows it: its unit, current base price and the questions to ask about
/// each item. A grouping category without a rule of its own has no unit and no price.
/// </summary>
public sealed record RecyclingCategoryView(long Id, long? ParentId, string Name, string Path, string? Unit, long? BasePriceFen, int? RuleVersion,
    IReadOnlyList<AttributeSpec> Attributes)
{
    public static readonly RecyclingCategoryView Example = new(42, 41, "旧手机", "电子产品/旧手机", "piece", 30000, 1,
        [new AttributeSpec("brand", "品牌", "choice", ["苹果", "华为", "小米", "其他"], true), new AttributeSpec("working", "能否正常开机", "boolean", null, true)]);

    public static RecyclingCategoryView From(RecyclingCategory c, PricingRuleVersion? rule) =>
        new(c.Id, c.ParentId, c.Name, c.Path, rule?.Rule.Unit, rule?.Rule.BasePriceFen, rule?.Version, rule?.Rule.AttributeList ?? []);
}

/// <summary>A quote: each item with the factors that applied (and why), the total in fen, the rule version, the expiry.</summary>
public sealed record QuoteView(string Id, long CategoryId, int RuleVersion, string Unit, IReadOnlyList<QuotedItem> Items, long TotalFen, DateTime CreatedAt,
    DateTime ExpiresAt)
{
    public static readonly QuoteView Example = new("7212345678901234567", 42, 1, "piece",
        [
            new QuotedItem(1, new Dictionary<string, object> { ["brand"] = "华为", ["working"] = false }, 30000,
                [new AppliedFactor(1, "无法开机", "multiply", 3000, 30000, 9000)], null, 9000, 9000),
        ],
        9000, new DateTime(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc), new DateTime(2026, 5, 2, 2, 0, 0, DateTimeKind.Utc));

    public static QuoteView From(RecyclingQuote q) =>
        new(q.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), q.CategoryId, q.RuleVersion, q.Priced.Unit, q.Priced.Items, q.TotalFen, q.CreatedAt,
            q.ExpiresAt);
}

/// <summary>A category's pricing as operators manage it: the current rule (null before the first) and its version.</summary>
public sealed record PricingView(long CategoryId, string Path, bool IsLeaf, bool IsEnabled, int? Version, PricingRule? Rule, DateTime? SavedAt)
{
    public static PricingView From(RecyclingCategory c, PricingRuleVersion? v) => new(c.Id, c.Path, c.IsLeaf, c.IsEnabled, v?.Version, v?.Rule, v?.CreatedAt);
}

/// <summary>One saved version of a rule.</summary>
public sealed record PricingVersionView(int Version, PricingRule Rule, long? SavedBy, DateTime SavedAt)
{
    public static PricingVersionView From(PricingRuleVersion v) => new(v.Version, v.Rule, v.CreatedBy, v.CreatedAt);
}
