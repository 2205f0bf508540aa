using Circula.Shared;
using Circula.Shared.Results;

namespace Circula.Catalog;

/// <summary>One selectable dimension of a product, e.g. color with the values red and blue.</summary>
public sealed record SpecDefinition(string Name, IReadOnlyList<string> Values);

/// <summary>The fields of a product operators set, already trimmed; SKUs are changed on their own.</summary>
public sealed record ProductFields(
    long CategoryId, string Name, string? Subtitle, string? Description, IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<SpecDefinition> SpecSchema);

/// <summary>
/// A sellable item; the SKUs are its concrete variants with price and stock. The product is the aggregate: SKUs are
/// added and replaced through it, so every SKU always picks one value of every spec in the schema.
/// </summary>
public sealed class Product
{
    public const int MaxNameLength = 100;
    public const int MaxSubtitleLength = 200;
    public const int MaxDescriptionLength = 5000;

    private readonly List<Sku> _skus = [];

    private Product()
    {
    }

    public long Id { get; private set; }

    public long CategoryId { get; private set; }

    public string Name { get; private set; } = "";

    public string? Subtitle { get; private set; }

    public string? Description { get; private set; }

    /// <summary>Free facts shown to buyers, e.g. brand = Haier, condition = 95新.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; private set; } = new Dictionary<string, string>();

    /// <summary>Ordered dimensions; every SKU picks exactly one value of each. Empty for a product without variants.</summary>
    public IReadOnlyList<SpecDefinition> SpecSchema { get; private set; } = [];

    public bool IsOnShelf { get; private set; }

    public DateTime CreatedAt { get; private init; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>Soft delete: orders placed later keep pointing at the SKUs, so rows are never removed.</summary>
    public DateTime? DeletedAt { get; private set; }

    /// <summary>Concurrency token of the whole product including its SKUs: every SKU change bumps it too.</summary>
    public int Version { get; private set; } = 1;

    public IReadOnlyList<Sku> Skus => _skus;

    /// <summary>A new product, off the shelf. The SKUs must fit the schema (the request was validated against it).</summary>
    public static Product Create(ProductFields fields, IEnumerable<SkuFields> skus, DateTime now)
    {
        var product = new Product { CreatedAt = now, UpdatedAt = now };
        product.Apply(fields);
        foreach (var sku in skus)
        {
            if (product.CheckSpecChoice(sku.Specs, "specs") is { } misfit)
            {
                throw new ArgumentException($"SKU {sku.Code} does not fit the spec schema: {misfit.Detail}", nameof(skus));
            }

            product._skus.Add(Sku.Create(sku, now));
        }

        return product;
    }

    /// <summary>Replaces the fields; refused while an existing SKU would not fit the new spec schema.</summary>
    public DomainError? Edit(ProductFields fields)
    {
        var errors = new FieldErrors();
        foreach (var sku in _skus)
        {
            SpecRules.ValidateChoice(errors, $"skus[{sku.Id}].specs", fields.SpecSchema, sku.Specs);
        }

        if (errors.Any)
        {
            return DomainError.Invalid(CatalogErrors.SpecSchemaInUse,
                "Existing SKUs do not fit the new spec schema; change or disable those SKUs first.", errors.ToDictionary());
        }

        Apply(fields);
        return null;
    }

    /// <summary>Shows the product to buyers; refused while none of its SKUs can be sold.</summary>
    public DomainError? PutOnShelf()
    {
        if (!_skus.Any(s => s.IsEnabled))
        {
            return DomainError.Conflict(CatalogErrors.NoEnabledSku, "Enable at least one SKU before putting the product on the shelf.");
        }

        IsOnShelf = true;
        return null;
    }

    public void TakeOffShelf() => IsOnShelf = false;

    /// <summary>Soft delete; whether stock still stands in the way is Inventory's to say, and the caller's to check first.</summary>
    public void Delete(DateTime now)
    {
        IsOnShelf = false;
        DeletedAt = now;
    }

    public Result<Sku> AddSku(SkuFields fields, DateTime now)
    {
        if (CheckSpecChoice(fields.Specs, "specs") is { } misfit)
        {
            return misfit;
        }

        var sku = Sku.Create(fields, now);
        _skus.Add(sku);
        return sku;
    }

    public DomainError? ReplaceSku(Sku sku, SkuFields fields, DateTime now)
    {
        if (!_skus.Contains(sku))
        {
            throw new ArgumentException($"SKU {sku.Id} is not one of product {Id}'s.", nameof(sku));
        }

        if (CheckSpecChoice(fields.Specs, "specs") is { } misfit)
        {
            return misfit;
        }

        sku.Replace(fields, now);
        return null;
    }

    /// <summary>Records a change to the product or any of its SKUs: the version a later If-Match must name.</summary>
    public void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version++;
    }

    private void Apply(ProductFields fields)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fields.Name);
        CategoryId = fields.CategoryId;
        Name = fields.Name;
        Subtitle = fields.Subtitle;
        Description = fields.Description;
        Attributes = new Dictionary<string, string>(fields.Attributes);
        SpecSchema = [.. fields.SpecSchema];
    }

    /// <summary>A 422 validation_failed with an error per spec under <paramref name="field"/> when the choice does not fit the schema.</summary>
    private DomainError? CheckSpecChoice(IReadOnlyDictionary<string, string> specs, string field)
    {
        var errors = new FieldErrors();
        return SpecRules.ValidateChoice(errors, field, SpecSchema, specs) ? null : DomainError.Validation(errors.ToDictionary());
    }
}
