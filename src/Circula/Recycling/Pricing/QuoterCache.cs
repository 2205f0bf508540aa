using System.Collections.Concurrent;

namespace Circula.Recycling.Pricing;

/// <summary>Prepared quoters by (category, version): a saved version never changes, so its quoter can be kept for good.</summary>
public sealed class QuoterCache
{
    private readonly ConcurrentDictionary<(long CategoryId, int Version), Quoter> _quoters = new();

    public Quoter For(PricingRuleVersion version) =>
        _quoters.GetOrAdd((version.CategoryId, version.Version), static (_, v) => new Quoter(v.Rule), version);
}
