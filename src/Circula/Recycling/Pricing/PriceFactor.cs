using System.Globalization;
using System.Text.Json;
using Circula.Shared;

namespace Circula.Recycling.Pricing;

/// <summary>
/// One adjustment of the unit price: when the item's attribute <see cref="Field"/> satisfies <see cref="Operator"/>
/// against <see cref="Value"/> (or <see cref="Values"/> for <c>in</c> and <c>between</c>), apply <see cref="Effect"/>
/// with <see cref="Amount"/>: <c>multiply</c> by basis points (7000 = ×0.7), <c>add</c> or <c>subtract</c> fen, or
/// <c>set</c> the price to fen. A factor on an attribute the item does not have never applies.
/// </summary>
public sealed record PriceFactor(string? Field, string? Operator, JsonElement? Value, IReadOnlyList<JsonElement>? Values, string? Effect, long Amount, string? Label = null)
{
    public static readonly IReadOnlyList<string> Operators = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "between", "exists"];
    public static readonly IReadOnlyList<string> Effects = ["multiply", "add", "subtract", "set"];

    /// <summary>×100 at most: a larger multiplier is a typo.</summary>
    public const long MaxBasisPoints = 1_000_000;

    public void Validate(string path, AttributeSpec? attribute, FieldErrors errors)
    {
        if (attribute is null)
        {
            errors.Add($"{path}.field", "must name one of the rule's attributes.");
        }

        errors.Optional($"{path}.label", Label, 60);
        if (!Effects.Contains(Effect))
        {
            errors.Add($"{path}.effect", $"must be one of {string.Join(", ", Effects)}.");
        }
        else if (Amount < 0)
        {
            errors.Add($"{path}.amount", Effect == "multiply" ? "must not be negative (basis points: 7000 is ×0.7)." : "must not be negative (fen).");
        }
        else if (Amount > (Effect == "multiply" ? MaxBasisPoints : PricingRule.MaxPriceFen))
        {
            errors.Add($"{path}.amount", $"must be at most {(Effect == "multiply" ? MaxBasisPoints : PricingRule.MaxPriceFen)}.");
        }

        if (!Operators.Contains(Operator))
        {
            errors.Add($"{path}.operator", $"must be one of {string.Join(", ", Operators)}.");
            return;
        }

        if (attribute is not null)
        {
            ValidateOperands(path, attribute, errors);
        }
    }

    private void ValidateOperands(string path, AttributeSpec attribute, FieldErrors errors)
    {
        switch (Operator)
        {
            case "exists":
                if (Value is not null || Values is not null)
                {
                    errors.Add($"{path}.value", "must be absent for exists.");
                }

                return;
            case "in":
                if (Values is not { Count: > 0 and <= 50 })
                {
                    errors.Add($"{path}.values", "must list 1 to 50 values for in.");
                    return;
                }

                for (var i = 0; i < Values.Count; i++)
                {
                    CheckOperand($"{path}.values[{i}]", Values[i], attribute, errors);
                }

                return;
            case "between":
                if (Values is not { Count: 2 } || attribute.Type != "number")
                {
                    errors.Add($"{path}.values", "must be [low, high] numbers for between, on a number attribute.");
                }
                else if (AttributeValues.Read(Values[0], attribute) is decimal low && AttributeValues.Read(Values[1], attribute) is decimal high)
                {
                    if (low > high)
                    {
                        errors.Add($"{path}.values", "must be [low, high] with low ≤ high.");
                    }
                }
                else
                {
                    errors.Add($"{path}.values", "must be [low, high] numbers.");
                }

                return;
            case "gt" or "gte" or "lt" or "lte" when attribute.Type != "number":
                errors.Add($"{path}.operator", $"{Operator} compares numbers; attribute '{attribute.Name}' is {attribute.Type}.");
                return;
            default:
                if (Value is not { } value)
                {
                    errors.Add($"{path}.value", $"is required for {Operator}.");
                    return;
                }

                CheckOperand($"{path}.value", value, attribute, errors);
                return;
        }
    }

    private static void CheckOperand(string path, JsonElement operand, AttributeSpec attribute, FieldErrors errors)
    {
        if (AttributeValues.Read(operand, attribute) is null)
        {
            errors.Add(path, AttributeValues.Expectation(attribute));
        }
    }

    /// <summary>How the factor reads to an operator or customer: "品牌 in [苹果, 华为]".</summary>
    public string Describe(AttributeSpec attribute) => Operator switch
    {
        "exists" => $"{attribute.Label} exists",
        "in" or "between" => $"{attribute.Label} {Operator} [{string.Join(", ", (Values ?? []).Select(Text))}]",
        _ => $"{attribute.Label} {Operator} {(Value is { } v ? Text(v) : "")}",
    };

    private static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
}

/// <summary>Attribute answers as typed values: numbers as decimal, booleans, text and choices as strings.</summary>
public static class AttributeValues
{
    /// <summary>The value, or null when <paramref name="e"/> is not of the attribute's type (or not one of its choices).</summary>
    public static object? Read(JsonElement e, AttributeSpec attribute) => attribute.Type switch
    {
        "number" when e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out var d) => d,
        "boolean" when e.ValueKind is JsonValueKind.True or JsonValueKind.False => e.GetBoolean(),
        "text" when e.ValueKind == JsonValueKind.String && e.GetString()!.Length <= 100 => e.GetString(),
        "choice" when e.ValueKind == JsonValueKind.String && attribute.Options!.Contains(e.GetString()) => e.GetString(),
        _ => null,
    };

    public static string Expectation(AttributeSpec attribute) => attribute.Type switch
    {
        "number" => "must be a number.",
        "boolean" => "must be true or false.",
        "choice" => $"must be one of {string.Join(", ", attribute.Options ?? [])}.",
        _ => "must be a text of at most 100 characters.",
    };

    public static string Show(object value) => value switch
    {
        bool b => b ? "true" : "false",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
