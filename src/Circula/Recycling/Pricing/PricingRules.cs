using Circula.Catalog.Contracts;
using Circula.Data;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Recycling.Pricing;

/// <summary>The pricing rules of the recycling categories: the current version of each, its history, and saving a new one.</summary>
public sealed class PricingRules(CirculaDbContext db, IRecyclingCategories categories, TimeProvider clock)
{
    public const string RuleChanged = "pricing_rule_changed";
    private static readonly UniqueIndex VersionKey = new("recycling_pricing_rules_pkey", "recycling_pricing_rules.category_id, recycling_pricing_rules.version");

    /// <summary>The latest version of every category that has a rule.</summary>
    public async Task<Dictionary<long, PricingRuleVersion>> CurrentAsync(CancellationToken ct)
    {
        var latest = await db.Set<PricingRuleVersion>().AsNoTracking()
            .Where(v => v.Version == db.Set<PricingRuleVersion>().Where(o => o.CategoryId == v.CategoryId).Max(o => o.Version))
            .ToListAsync(ct);
        return latest.ToDictionary(v => v.CategoryId);
    }

    public Task<PricingRuleVersion?> CurrentAsync(long categoryId, CancellationToken ct) =>
        db.Set<PricingRuleVersion>().AsNoTracking().Where(v => v.CategoryId == categoryId).OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);

    public Task<PricingRuleVersion?> VersionAsync(long categoryId, int version, CancellationToken ct) =>
        db.Set<PricingRuleVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.CategoryId == categoryId && v.Version == version, ct);

    public async Task<Result<List<PricingRuleVersion>>> HistoryAsync(long categoryId, CancellationToken ct)
    {
        if (await FindCategoryAsync(categoryId, ct) is null)
        {
            return DomainError.NotFound("Recycling category");
        }

        return await db.Set<PricingRuleVersion>().AsNoTracking().Where(v => v.CategoryId == categoryId).OrderByDescending(v => v.Version).ToListAsync(ct);
    }

    /// <summary>
    /// Saves <paramref name="rule"/> as the category's next version. With <paramref name="expected"/> (If-Match) the save
    /// only happens while the current version is one it names ("0": no rule yet), so two operators editing at once cannot
    /// silently overwrite each other; without it, a save that races another still gets a version of its own or a 409.
    /// </summary>
    public async Task<Result<PricingRuleVersion>> SaveAsync(long categoryId, PricingRule rule, ExpectedVersion? expected, long? userId, CancellationToken ct)
    {
        if (await FindCategoryAsync(categoryId, ct) is null)
        {
            return DomainError.NotFound("Recycling category");
        }

        var current = (await CurrentAsync(categoryId, ct))?.Version ?? 0;
        if (expected is not null && !expected.Allows(current))
        {
            return DomainError.Stale($"The rule is at version {current}, not the one in If-Match: reload it and apply your change again.");
        }

        var saved = PricingRuleVersion.Create(categoryId, current + 1, rule, userId, clock.GetUtcNow().UtcDateTime);
        db.Add(saved);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (VersionKey.IsViolatedBy(e))
        {
            db.Entry(saved).State = EntityState.Detached;
            return DomainError.Conflict(RuleChanged, "Another edit of this rule was saved at the same moment: reload it and apply your change again.");
        }

        return saved;
    }

    public async Task<RecyclingCategory?> FindCategoryAsync(long categoryId, CancellationToken ct) =>
        (await categories.ListAsync(ct)).FirstOrDefault(c => c.Id == categoryId);
}
