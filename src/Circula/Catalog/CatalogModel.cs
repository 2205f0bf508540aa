using System.Text.Encodings.Web;
using Circula.Catalog.Browse;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Circula.Catalog;

internal static class CatalogModel
{
    /// <summary>How JSON columns are written: camelCase like the API, Chinese kept readable in the database.</summary>
    internal static readonly JsonSerializerOptions StorageJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Category>(e =>
        {
            e.ToTable("Categories");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion(k => k == CategoryKind.Recycling ? "recycling" : "shop",
                v => v == "recycling" ? CategoryKind.Recycling : CategoryKind.Shop);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<Product>(e =>
        {
            e.ToTable("Products");
            e.HasKey(x => x.Id);
            e.Property(x => x.Attributes).AsJson();
            e.Property(x => x.SpecSchema).AsJson();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasMany(x => x.Skus).WithOne().HasForeignKey(s => s.ProductId);
        });
        modelBuilder.Entity<Sku>(e =>
        {
            e.ToTable("Skus");
            e.HasKey(x => x.Id);
            e.Property(x => x.Specs).AsJson();
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        modelBuilder.Entity<CategoryPath>(e =>
        {
            e.ToTable("CatalogCategoryPaths");
            e.HasKey(x => x.CategoryId);
        });
        modelBuilder.Entity<ProductListingRow>(e =>
        {
            e.ToTable("CatalogProductListing");
            e.HasKey(x => x.ProductId);
        });
    }

    /// <summary>Stores the value as JSON text (the same on SQLite and PostgreSQL) and detects changes by content.</summary>
    private static PropertyBuilder<T> AsJson<T>(this PropertyBuilder<T> property) where T : class =>
        property.HasConversion(
            v => JsonSerializer.Serialize(v, StorageJson),
            v => JsonSerializer.Deserialize<T>(v, StorageJson)!,
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, StorageJson) == JsonSerializer.Serialize(b, StorageJson),
                v => JsonSerializer.Serialize(v, StorageJson).GetHashCode(StringComparison.Ordinal),
                v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, StorageJson), StorageJson)!));
}
