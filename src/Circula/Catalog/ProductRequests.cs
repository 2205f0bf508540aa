using Circula.Shared;

namespace Circula.Catalog;

/// <summary>
/// One SKU as operators send it, when creating a product or adding and replacing a single SKU. StockQuantity is the
/// on-hand stock: the starting figure for a new SKU, the counted figure when replacing one (kept by Inventory).
/// </summary>
public sealed record SkuRequest(string Code, Dictionary<string, string>? Specs, long PriceFen, int StockQuantity, bool IsEnabled = true) : IValidatable
{
    public const int MaxStockQuantity = 1_000_000;

    public void Validate(FieldErrors errors) => ValidateFields(errors, "");

    /// <summary>Checks what does not depend on the product's spec schema; <paramref name="prefix"/> is e.g. "skus[2]." or "".</summary>
    internal void ValidateFields(FieldErrors errors, string prefix)
    {
        errors.Required(prefix + "code", Code, Sku.MaxCodeLength, TextKind.Name);
        errors.Range(prefix + "priceFen", PriceFen, 1, Sku.MaxPriceFen);
        errors.Range(prefix + "stockQuantity", StockQuantity, 0, MaxStockQuantity);
    }

    internal IReadOnlyDictionary<string, string> SpecsOrEmpty => Specs ?? [];

    internal SkuFields ToFields() => new(Code.Trim(), SpecsOrEmpty, PriceFen, IsEnabled);
}

/// <summary>The product fields operators edit; SKUs are changed through their own endpoints after creation.</summary>
public record ProductFieldsRequest(
    long CategoryId, string Name, string? Subtitle, string? Description, Dictionary<string, string>? Attributes, List<SpecDefinition>? Specs)
    : IValidatable
{
    public virtual void Validate(FieldErrors errors)
    {
        errors.Range("categoryId", CategoryId, 1, long.MaxValue);
        errors.Required("name", Name, Product.MaxNameLength, TextKind.Name);
        errors.Optional("subtitle", Subtitle, Product.MaxSubtitleLength);
        errors.Optional("description", Description, Product.MaxDescriptionLength, TextKind.MultiLine);
        SpecRules.ValidateAttributes(errors, Attributes);
        SpecRules.ValidateSchema(errors, Specs);
    }

    /// <summary>The schema entries that are complete enough to check SKU choices against.</summary>
    internal List<SpecDefinition> UsableSchema =>
        (Specs ?? []).Where(s => s is { Name: not null, Values: not null }).ToList();

    internal ProductFields ToFields() => new(CategoryId, Name.Trim(), Subtitle?.Trim(), Description, Attributes ?? [], UsableSchema);
}

/// <summary>A new product with all its SKUs, written in one transaction.</summary>
public sealed record CreateProductRequest(
    long CategoryId, string Name, string? Subtitle, string? Description, Dictionary<string, string>? Attributes, List<SpecDefinition>? Specs,
    List<SkuRequest> Skus)
    : ProductFieldsRequest(CategoryId, Name, Subtitle, Description, Attributes, Specs)
{
    public const int MaxSkus = 200;

    public override void Validate(FieldErrors errors)
    {
        base.Validate(errors);
        if (Skus is null || Skus.Count == 0 || Skus.Count > MaxSkus)
        {
            errors.Add("skus", $"must have 1 to {MaxSkus} entries.");
            return;
        }

        var schema = UsableSchema;
        if (schema.Count == 0 && Skus.Count != 1)
        {
            errors.Add("skus", "a product without specs has exactly one SKU.");
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Skus.Count; i++)
        {
            var prefix = $"skus[{i}].";
            if (Skus[i] is not { } sku)
            {
                errors.Add($"skus[{i}]", "is required.");
                continue;
            }

            sku.ValidateFields(errors, prefix);
            var validChoice = SpecRules.ValidateChoice(errors, prefix + "specs", schema, sku.SpecsOrEmpty);
            if (sku.Code is not null && !codes.Add(sku.Code.Trim()))
            {
                errors.Add(prefix + "code", "is used by another SKU in this request.");
            }

            if (validChoice && !keys.Add(SpecRules.KeyOf(sku.SpecsOrEmpty)))
            {
                errors.Add(prefix + "specs", "repeats the spec combination of another SKU in this request.");
            }
        }
    }
}
