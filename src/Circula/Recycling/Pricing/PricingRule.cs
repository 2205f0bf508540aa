using System.Text.Json;
using System.Text.Json.Serialization;
using Circula.Shared;

namespace Circula.Recycling.Pricing;

/// <summary>
/// How one recycling category is priced: a unit, a base price per unit in fen, the attributes to ask the customer, and
/// an ordered list of factors that adjust the unit price; optional bounds on the unit price. Operators edit it as this
/// JSON document; every saved edit is a new version (see <see cref="PricingRules"/>).
/// </summary>
public sealed record PricingRule(
    string Unit, long BasePriceFen, IReadOnlyList<AttributeSpec>? Attributes, IReadOnlyList<PriceFactor>? Factors,
    long? MinUnitPriceFen = null, long? MaxUnitPriceFen = null) : IValidatable
{
    /// <summary>A unit price above this (¥100,000) is a typo, not a price.</summary>
    public const long MaxPriceFen = 10_000_000;
    public const int MaxAttributes = 20;
    public const int MaxFactors = 50;

    /// <summary>The attributes, none when the body left them out; for code, not part of the JSON.</summary>
    [JsonIgnore]
    public IReadOnlyList<AttributeSpec> AttributeList => Attributes ?? [];

    [JsonIgnore]
    public IReadOnlyList<PriceFactor> FactorList => Factors ?? [];

    public AttributeSpec? Attribute(string name) => AttributeList.FirstOrDefault(a => a.Name == name);

    public void Validate(FieldErrors errors)
    {
        if (PricingUnit.Find(Unit) is null)
        {
            errors.Add("unit", $"must be one of {string.Join(", ", PricingUnit.All.Select(u => u.Name))}.");
        }

        errors.Range("basePriceFen", BasePriceFen, 0, MaxPriceFen);
        if (MinUnitPriceFen is { } min)
        {
            errors.Range("minUnitPriceFen", min, 0, MaxPriceFen);
        }

        if (MaxUnitPriceFen is { } max)
        {
            errors.Range("maxUnitPriceFen", max, MinUnitPriceFen ?? 0, MaxPriceFen);
        }

        if (AttributeList.Count > MaxAttributes)
        {
            errors.Add("attributes", $"must have at most {MaxAttributes} entries.");
        }

        foreach (var (attribute, i) in AttributeList.Select((a, i) => (a, i)))
        {
            attribute.Validate($"attributes[{i}]", errors);
            if (AttributeList.Take(i).Any(a => a.Name == attribute.Name))
            {
                errors.Add($"attributes[{i}].name", "is already used by another attribute.");
            }
        }

        if (FactorList.Count > MaxFactors)
        {
            errors.Add("factors", $"must have at most {MaxFactors} entries.");
        }

        foreach (var (factor, i) in FactorList.Select((f, i) => (f, i)))
        {
            factor.Validate($"factors[{i}]", Attribute(factor.Field ?? ""), errors);
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, PricingJson.Options);

    public static PricingRule FromJson(string json) =>
        JsonSerializer.Deserialize<PricingRule>(json, PricingJson.Options) ?? throw new InvalidOperationException("An empty pricing rule was stored.");
}

/// <summary>What a category is measured in, and the largest quantity one quote line may have.</summary>
public sealed record PricingUnit(string Name, decimal MaxQuantity, int Decimals)
{
    public static readonly PricingUnit Kg = new("kg", 5_000m, 3);
    public static readonly PricingUnit Piece = new("piece", 500m, 0);
    public static readonly IReadOnlyList<PricingUnit> All = [Kg, Piece];

    public static PricingUnit? Find(string? name) => All.FirstOrDefault(u => u.Name == name);
}

/// <summary>One question asked of each item (brand, age, working: yes/no), with the type its answers must have.</summary>
public sealed record AttributeSpec(string Name, string Label, string Type, IReadOnlyList<string>? Options = null, bool Required = false)
{
    public static readonly IReadOnlyList<string> Types = ["number", "boolean", "text", "choice"];

    public void Validate(string path, FieldErrors errors)
    {
        errors.Required($"{path}.name", Name, 40);
        errors.Required($"{path}.label", Label, 40);
        if (!Types.Contains(Type))
        {
            errors.Add($"{path}.type", $"must be one of {string.Join(", ", Types)}.");
        }

        if (Type == "choice" && (Options is not { Count: > 0 and <= 50 } || Options.Any(string.IsNullOrWhiteSpace)))
        {
            errors.Add($"{path}.options", "must list 1 to 50 non-empty choices.");
        }
        else if (Type != "choice" && Options is not null)
        {
            errors.Add($"{path}.options", "is only for choice attributes.");
        }
    }
}

internal static class PricingJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
