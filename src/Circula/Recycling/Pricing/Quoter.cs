using System.Text.Json;
using Circula.Shared;
using Circula.Shared.Results;

namespace Circula.Recycling.Pricing;

/// <summary>One item to price: how much of it (kilograms or pieces, as the category's unit says) and the customer's answers.</summary>
public sealed record QuoteItemInput(decimal Quantity, IReadOnlyDictionary<string, JsonElement>? Attributes);

/// <summary>A factor that applied to an item, with the unit price before and after it.</summary>
public sealed record AppliedFactor(int Index, string Description, string Effect, long Amount, long PriceBeforeFen, long PriceAfterFen);

/// <summary>
/// An item as priced: the base price, every factor that applied in order, a bound that clamped the unit price
/// (<c>min</c> or <c>max</c>) if any, the unit price and the line total.
/// </summary>
public sealed record QuotedItem(decimal Quantity, IReadOnlyDictionary<string, object> Attributes, long BasePriceFen, IReadOnlyList<AppliedFactor> Factors,
    string? ClampedTo, long UnitPriceFen, long TotalFen);

public sealed record QuoteBreakdown(string Unit, IReadOnlyList<QuotedItem> Items, long TotalFen);

/// <summary>
/// Prices items by a rule: pure, allocation-light, no I/O. Rounding, stated once: a multiply rounds the unit price half up
/// to a whole fen at once; a subtract never takes it below 0; the bounds apply after the last factor; a line's total is
/// unit price × quantity rounded half up to a whole fen; the quote's total is the sum of its lines.
/// </summary>
public sealed class Quoter
{
    public const int MaxItems = 50;

    private readonly PricingRule _rule;
    private readonly PricingUnit _unit;
    private readonly Condition[] _conditions;

    /// <summary>Prepares a validated rule for quoting many times (factor operands are read once, here).</summary>
    public Quoter(PricingRule rule)
    {
        _rule = rule;
        _unit = PricingUnit.Find(rule.Unit) ?? throw new ArgumentException($"Unknown unit {rule.Unit}.", nameof(rule));
        _conditions = rule.FactorList.Select(f => Condition.Of(f, rule.Attribute(f.Field!)!)).ToArray();
    }

    public Result<QuoteBreakdown> Quote(IReadOnlyList<QuoteItemInput>? items)
    {
        var errors = new FieldErrors();
        if (items is not { Count: > 0 and <= MaxItems })
        {
            errors.Add("items", $"must list 1 to {MaxItems} items.");
            return DomainError.Validation(errors.ToDictionary());
        }

        var quoted = new List<QuotedItem>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (Read(items[i], $"items[{i}]", errors) is { } answers)
            {
                quoted.Add(Price(items[i].Quantity, answers));
            }
        }

        return errors.Any
            ? DomainError.Validation(errors.ToDictionary())
            : new QuoteBreakdown(_unit.Name, quoted, quoted.Sum(q => q.TotalFen));
    }

    private Dictionary<string, object>? Read(QuoteItemInput item, string path, FieldErrors errors)
    {
        var valid = true;
        if (item.Quantity <= 0 || item.Quantity > _unit.MaxQuantity || item.Quantity != decimal.Round(item.Quantity, _unit.Decimals))
        {
            errors.Add($"{path}.quantity", _unit.Decimals == 0
                ? $"must be a whole number of pieces from 1 to {_unit.MaxQuantity}."
                : $"must be more than 0 and at most {_unit.MaxQuantity} kg, to the gram.");
            valid = false;
        }

        var answers = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, value) in item.Attributes ?? new Dictionary<string, JsonElement>())
        {
            if (_rule.Attribute(name) is not { } spec)
            {
                errors.Add($"{path}.attributes.{name}", "is not asked for this category.");
                valid = false;
            }
            else if (value.ValueKind != JsonValueKind.Null && AttributeValues.Read(value, spec) is { } typed)
            {
                answers[name] = typed;
            }
            else if (value.ValueKind != JsonValueKind.Null)
            {
                errors.Add($"{path}.attributes.{name}", AttributeValues.Expectation(spec));
                valid = false;
            }
        }

        foreach (var missing in _rule.AttributeList.Where(a => a.Required && !answers.ContainsKey(a.Name)))
        {
            errors.Add($"{path}.attributes.{missing.Name}", $"is required ({missing.Label}).");
            valid = false;
        }

        return valid ? answers : null;
    }

    private QuotedItem Price(decimal quantity, Dictionary<string, object> answers)
    {
        var price = _rule.BasePriceFen;
        var applied = new List<AppliedFactor>();
        for (var i = 0; i < _conditions.Length; i++)
        {
            if (!_conditions[i].Holds(answers))
            {
                continue;
            }

            var factor = _rule.FactorList[i];
            var before = price;
            price = factor.Effect switch
            {
                "multiply" => (price * factor.Amount + 5_000) / 10_000,
                "add" => price + factor.Amount,
                "subtract" => Math.Max(0, price - factor.Amount),
                _ => factor.Amount,
            };
            applied.Add(new AppliedFactor(i, factor.Label ?? _conditions[i].Description, factor.Effect!, factor.Amount, before, price));
        }

        string? clamped = null;
        if (_rule.MinUnitPriceFen is { } min && price < min)
        {
            (price, clamped) = (min, "min");
        }
        else if (_rule.MaxUnitPriceFen is { } max && price > max)
        {
            (price, clamped) = (max, "max");
        }

        var total = (long)decimal.Round(price * quantity, 0, MidpointRounding.AwayFromZero);
        return new QuotedItem(quantity, answers, _rule.BasePriceFen, applied, clamped, price, total);
    }

    /// <summary>A factor's test, with its operands read once as the attribute's type.</summary>
    private sealed record Condition(string Field, string Operator, object[] Operands, string Description)
    {
        public static Condition Of(PriceFactor factor, AttributeSpec attribute)
        {
            var operands = factor.Operator switch
            {
                "exists" => [],
                "in" or "between" => factor.Values!.Select(v => AttributeValues.Read(v, attribute)!).ToArray(),
                _ => [AttributeValues.Read(factor.Value!.Value, attribute)!],
            };
            return new Condition(attribute.Name, factor.Operator!, operands, factor.Describe(attribute));
        }

        public bool Holds(Dictionary<string, object> answers)
        {
            if (!answers.TryGetValue(Field, out var value))
            {
                return false;
            }

            return Operator switch
            {
                "exists" => true,
                "eq" => value.Equals(Operands[0]),
                "ne" => !value.Equals(Operands[0]),
                "in" => Array.Exists(Operands, value.Equals),
                "gt" => (decimal)value > (decimal)Operands[0],
                "gte" => (decimal)value >= (decimal)Operands[0],
                "lt" => (decimal)value < (decimal)Operands[0],
                "lte" => (decimal)value <= (decimal)Operands[0],
                _ => (decimal)value >= (decimal)Operands[0] && (decimal)value <= (decimal)Operands[1],
            };
        }
    }
}
