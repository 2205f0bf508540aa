namespace Circula.Catalog;

/// <summary>What operators set of a SKU, already trimmed; its stock is Inventory's and travels separately.</summary>
public sealed record SkuFields(string Code, IReadOnlyDictionary<string, string> Specs, long PriceFen, bool IsEnabled);

/// <summary>
/// A concrete variant of a product: one value per spec, its own code and price. Its stock is the Inventory module's.
/// Created and replaced only through its <see cref="Product"/>, which checks the specs against the schema.
/// </summary>
public sealed class Sku
{
    public const int MaxCodeLength = 64;
    public const long MaxPriceFen = 100_000_000;

    private Sku()
    {
    }

    public long Id { get; private set; }

    public long ProductId { get; private set; }

    public string Code { get; private set; } = "";

    /// <summary>Spec name → chosen value; empty for a product without specs.</summary>
    public IReadOnlyDictionary<string, string> Specs { get; private set; } = new Dictionary<string, string>();

    /// <summary>Canonical form of <see cref="Specs"/>, unique per product: see <see cref="SpecRules.KeyOf"/>.</summary>
    public string SpecKey { get; private set; } = "";

    public long PriceFen { get; private set; }

    public bool IsEnabled { get; private set; } = true;

    public DateTime CreatedAt { get; private init; }

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; } = 1;

    internal static Sku Create(SkuFields fields, DateTime now)
    {
        var sku = new Sku { CreatedAt = now };
        sku.Apply(fields, now);
        return sku;
    }

    internal void Replace(SkuFields fields, DateTime now)
    {
        Apply(fields, now);
        Version++;
    }

    private void Apply(SkuFields fields, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fields.Code);
        Code = fields.Code;
        Specs = new Dictionary<string, string>(fields.Specs);
        SpecKey = SpecRules.KeyOf(fields.Specs);
        SetPrice(fields.PriceFen);
        IsEnabled = fields.IsEnabled;
        UpdatedAt = now;
    }

    /// <summary>Money is whole fen, and nothing is given away or priced past what the checks allow.</summary>
    private void SetPrice(long priceFen)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(priceFen);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(priceFen, MaxPriceFen);
        PriceFen = priceFen;
    }
}
