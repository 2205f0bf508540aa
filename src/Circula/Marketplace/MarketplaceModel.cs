using Circula.Marketplace.Credit;
using Circula.Marketplace.Favourites;
using Circula.Marketplace.Listings;
using Circula.Marketplace.Moderation;
using Microsoft.EntityFrameworkCore;

namespace Circula.Marketplace;

internal static class MarketplaceModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<MarketplaceCategory>(e =>
        {
            e.ToTable("MarketplaceCategories");
            e.HasKey(x => x.Id);
        });
        modelBuilder.Entity<Listing>(e =>
        {
            e.ToTable("MarketplaceListings");
            e.HasKey(x => x.Id);
            e.Property(x => x.Status).HasConversion<string>();
            e.Property(x => x.Condition).HasConversion<string>();
            e.Property(x => x.Images).HasColumnName("image_ids");
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.ImageList);
            e.Ignore(x => x.Flagged);
            e.Ignore(x => x.IsPublic);
            e.Ignore(x => x.IsEditable);
            e.HasMany<ListingHistoryEntry>().WithOne().HasForeignKey(h => h.ListingId);
        });
        modelBuilder.Entity<ListingHistoryEntry>(e =>
        {
            e.ToTable("MarketplaceListingHistory");
            e.HasKey(x => x.Id);
            e.Property(x => x.FromStatus).HasConversion<string>();
            e.Property(x => x.ToStatus).HasConversion<string>();
            e.Property(x => x.Trigger).HasConversion<string>();
            e.Property(x => x.Actor).HasConversion<string>();
        });
        modelBuilder.Entity<Favourite>(e =>
        {
            e.ToTable("MarketplaceFavourites");
            e.HasKey(x => new { x.UserId, x.ListingId });
        });
        modelBuilder.Entity<CreditEntry>(e =>
        {
            e.ToTable("MarketplaceCreditTrail");
            e.HasKey(x => x.Id);
            e.Property(x => x.Rule).HasConversion<string>();
        });
        modelBuilder.Entity<SellerCredit>(e =>
        {
            e.ToTable("MarketplaceSellerCredits");
            e.HasKey(x => x.UserId);
        });
        modelBuilder.Entity<BlockedWord>(e =>
        {
            e.ToTable("MarketplaceBlockedWords");
            e.HasKey(x => x.Word);
        });
    }
}
