using Circula.Recycling.Pricing;
using Circula.Recycling.Quotes;
using Microsoft.EntityFrameworkCore;

namespace Circula.Recycling;

internal static class RecyclingModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PricingRuleVersion>(e =>
        {
            e.ToTable("RecyclingPricingRules");
            e.HasKey(x => new { x.CategoryId, x.Version });
            e.Property(x => x.Document).HasColumnName("rule");
            e.Ignore(x => x.Rule);
        });
        modelBuilder.Entity<RecyclingQuote>(e =>
        {
            e.ToTable("RecyclingQuotes");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Ignore(x => x.Priced);
        });
    }
}
