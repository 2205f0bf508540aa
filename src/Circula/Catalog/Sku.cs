namespace Circula.Catalog;

/// <summary>A concrete variant of a product: one value per spec, its own code and price. Its stock is the Inventory module's.</summary>
public sealed class Sku
{
    public const int MaxCodeLength = 64;
    public const long MaxPriceFen = 100_000_000;

    public long Id { get; set; }

    public long ProductId { get; set; }

    public required string Code { get; set; }

    /// <summary>Spec name → chosen value; empty for a product without specs.</summary>
    public Dictionary<string, string> Specs { get; set; } = [];

    /// <summary>Canonical form of <see cref="Specs"/>, unique per product: see <see cref="SpecRules.KeyOf"/>.</summary>
    public required string SpecKey { get; set; }

    public long PriceFen { get; set; }

    public bool IsEnabled { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; } = 1;
}
