using Circula.Data;
using Microsoft.EntityFrameworkCore;

namespace Circula.Marketplace.Search;

/// <summary>The search's entities; the documents and the typo vocabulary are written and read in SQL (ListingSearchIndex, ListingSearch).</summary>
public sealed class SearchModel : IEntityModel
{
    public void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SynonymGroup>(e =>
        {
            e.ToTable("MarketplaceSynonymGroups");
            e.HasKey(x => x.Id);
            e.HasMany(x => x.Terms).WithOne().HasForeignKey(x => x.GroupId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<SynonymTerm>(e =>
        {
            e.ToTable("MarketplaceSynonymTerms");
            e.HasKey(x => x.Term);
        });
    }
}
