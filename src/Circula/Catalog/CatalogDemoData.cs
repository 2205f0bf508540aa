using Circula.Catalog.Browse;
using Circula.Data;
using Circula.Inventory.Contracts;

namespace Circula.Catalog;

/// <summary>
/// Demo catalog for a fresh database: a shop tree and a recycling tree, and about fifty second-hand, refurbished
/// and eco products. Deterministic: the same rows every time (times are relative to the injected clock).
/// The data itself is in CatalogDemoData.Categories.cs and CatalogDemoData.Products.cs.
/// </summary>
public sealed partial class CatalogDemoData(CirculaDbContext db, IStockLevels stock, ProductReadModel readModel, TimeProvider clock) : IDemoDataSeeder
{
    public int Order => 20;

    public async Task SeedAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var byPath = new Dictionary<string, Category>(StringComparer.Ordinal);
        foreach (var (path, kind, sortOrder) in Categories)
        {
            var slash = path.LastIndexOf('/');
            // Ids come from the database: parents are saved before the children that point at them.
            var category = Category.Create(slash >= 0 ? byPath[path[..slash]].Id : null, path[(slash + 1)..], kind, sortOrder, now);
            byPath[path] = category;
            db.Add(category);
            await db.SaveChangesAsync(ct);
        }

        var products = Products.Select((demo, i) => (demo, Product: demo.ToProduct(i + 1, byPath[demo.Category].Id, now.AddMinutes(i - Products.Length))))
            .ToList();
        db.AddRange(products.Select(p => p.Product));
        await db.SaveChangesAsync(ct);
        // Stock rows need the SKU ids; they join the seeding transaction like everything above.
        foreach (var (demo, product) in products)
        {
            foreach (var sku in product.Skus)
            {
                await stock.InitializeAsync(sku.Id, demo.Stock, actorUserId: null, ct);
            }
        }

        await readModel.RebuildAsync(ct);
    }

    /// <summary>
    /// One demo product in one line. Attributes read "name=value;name=value"; specs read "color=red,blue;size=M,L" and
    /// every combination becomes a SKU priced <see cref="PriceFen"/> + <see cref="StepFen"/> × its position.
    /// </summary>
    private sealed record DemoProduct(
        string Category, string Name, string Subtitle, string Attributes, string Specs, long PriceFen, int Stock, long StepFen = 0, bool OnShelf = true)
    {
        public Product ToProduct(int number, long categoryId, DateTime createdAt)
        {
            var schema = Split(Specs).Select(s => new SpecDefinition(s.Name, s.Value.Split(','))).ToList();
            var attributes = Split(Attributes).ToDictionary(a => a.Name, a => a.Value);
            var fields = new ProductFields(categoryId, Name, Subtitle, $"{Name}。{Subtitle}。经平台质检, 支持七天无理由退换。", attributes, schema);
            var combinations = schema.Aggregate(
                new List<Dictionary<string, string>> { new() },
                (partial, spec) => partial.SelectMany(c => spec.Values.Select(v => new Dictionary<string, string>(c) { [spec.Name] = v })).ToList());
            var skus = combinations.Select((specs, i) => new SkuFields($"DEMO-{number:D3}-{i + 1:D2}", specs, PriceFen + (StepFen * i), IsEnabled: true));
            var product = Product.Create(fields, skus, createdAt);
            if (OnShelf && product.PutOnShelf() is { } refused)
            {
                throw new InvalidOperationException($"Demo product {Name} cannot go on the shelf: {refused.Detail}");
            }

            return product;
        }

        private static IEnumerable<(string Name, string Value)> Split(string pairs) =>
            pairs.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).Select(p => (p[0], p[1]));
    }
}
