using System.Text.Json;
using Circula.Shared;

namespace Circula.Catalog;

/// <summary>Rules for spec schemas, SKU spec choices and product attributes, shared by create, update and SKU endpoints.</summary>
internal static class SpecRules
{
    public const int MaxSpecs = 5;
    public const int MaxValuesPerSpec = 50;
    public const int MaxSpecNameLength = 20;
    public const int MaxSpecValueLength = 30;
    public const int MaxAttributes = 20;
    public const int MaxAttributeNameLength = 30;
    public const int MaxAttributeValueLength = 200;

    /// <summary>
    /// The canonical form of a SKU's choice: JSON of the pairs sorted by spec name. It does not depend on the order
    /// of the schema or of the request, so the unique index on (product_id, spec_key) catches every duplicate.
    /// </summary>
    public static string KeyOf(IReadOnlyDictionary<string, string> specs) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(specs.ToDictionary(), StringComparer.Ordinal), CatalogModel.StorageJson);

    public static void ValidateSchema(FieldErrors errors, IReadOnlyList<SpecDefinition>? schema)
    {
        if (schema is null)
        {
            return;
        }

        if (schema.Count > MaxSpecs)
        {
            errors.Add("specs", $"must have at most {MaxSpecs} entries.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < schema.Count; i++)
        {
            var field = $"specs[{i}]";
            if (schema[i] is not { } spec)
            {
                errors.Add(field, "is required.");
                continue;
            }

            errors.Required($"{field}.name", spec.Name, MaxSpecNameLength, TextKind.Name);
            if (spec.Name is not null && !names.Add(spec.Name))
            {
                errors.Add($"{field}.name", "is used by another spec.");
            }

            ValidateValues(errors, $"{field}.values", spec.Values);
        }
    }

    private static void ValidateValues(FieldErrors errors, string field, IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0 || values.Count > MaxValuesPerSpec)
        {
            errors.Add(field, $"must have 1 to {MaxValuesPerSpec} values.");
            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            errors.Required($"{field}[{i}]", values[i], MaxSpecValueLength, TextKind.Name);
        }

        if (values.Distinct(StringComparer.Ordinal).Count() != values.Count)
        {
            errors.Add(field, "must not repeat a value.");
        }
    }

    /// <summary>
    /// A SKU picks exactly one value, from the schema, of every spec in the schema, and nothing else.
    /// Returns whether the choice is valid.
    /// </summary>
    public static bool ValidateChoice(FieldErrors errors, string field, IReadOnlyList<SpecDefinition> schema, IReadOnlyDictionary<string, string> specs)
    {
        var valid = true;
        void Reject(string name, string message)
        {
            errors.Add($"{field}.{name}", message);
            valid = false;
        }

        foreach (var (name, value) in specs)
        {
            if (schema.FirstOrDefault(s => s.Name == name) is not { } spec)
            {
                Reject(name, "is not a spec of this product.");
            }
            else if (!spec.Values.Contains(value, StringComparer.Ordinal))
            {
                Reject(name, $"must be one of: {string.Join(", ", spec.Values)}.");
            }
        }

        foreach (var spec in schema.Where(s => !specs.ContainsKey(s.Name)))
        {
            Reject(spec.Name, "is required.");
        }

        return valid;
    }

    public static void ValidateAttributes(FieldErrors errors, IReadOnlyDictionary<string, string>? attributes)
    {
        if (attributes is null)
        {
            return;
        }

        if (attributes.Count > MaxAttributes)
        {
            errors.Add("attributes", $"must have at most {MaxAttributes} entries.");
        }

        foreach (var (name, value) in attributes)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > MaxAttributeNameLength)
            {
                errors.Add("attributes", $"names must be 1 to {MaxAttributeNameLength} characters.");
            }
            else if (TextRules.Check(name, TextKind.Name) is { } problem)
            {
                errors.Add("attributes", "names " + problem);
                continue;
            }

            errors.Required($"attributes.{name}", value, MaxAttributeValueLength);
        }
    }
}
