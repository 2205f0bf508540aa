using Circula.Catalog;

namespace Circula.Cli;

/// <summary>
/// The product CSV: one row per SKU; rows with the same <c>product</c> key make one product, whose fields come from its
/// first row. Attributes and SKU specs are <c>key=value;key=value</c>; the spec schema is <c>颜色=红|蓝;容量=64G|128G</c>.
/// UTF-8, a header row, RFC 4180 quoting (so descriptions may hold commas, quotes and new lines).
/// </summary>
internal static class ProductCsvFormat
{
    public static readonly string[] Columns =
        ["product", "category_id", "name", "subtitle", "description", "attributes", "spec_schema", "sku_code", "sku_specs", "price_fen", "stock", "enabled"];

    public static string FormatPairs(IReadOnlyDictionary<string, string> pairs) =>
        string.Join(';', pairs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    public static string FormatSchema(IReadOnlyList<SpecDefinition> schema) =>
        string.Join(';', schema.Select(s => $"{s.Name}={string.Join('|', s.Values)}"));

    /// <summary>Null with <paramref name="error"/> set when a part is not key=value or a key repeats.</summary>
    public static Dictionary<string, string>? ParsePairs(string text, out string? error)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        error = null;
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var split = part.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0 || !pairs.TryAdd(part[..split].Trim(), part[(split + 1)..].Trim()))
            {
                error = $"'{part}' is not a new key=value pair.";
                return null;
            }
        }

        return pairs;
    }

    public static List<SpecDefinition>? ParseSchema(string text, out string? error)
    {
        var pairs = ParsePairs(text, out error);
        return pairs?.Select(p => new SpecDefinition(p.Key, p.Value.Split('|', StringSplitOptions.TrimEntries))).ToList();
    }
}
