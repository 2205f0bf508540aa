using System.Text.Json;
using Circula.Recycling.Pricing;
using Circula.Shared;

namespace Circula.Tests.Recycling;

/// <summary>A rule an operator saves is checked whole; each mistake is named by its JSON path.</summary>
public sealed class PricingRuleValidationTests
{
    private static readonly AttributeSpec[] Attributes = [new("brand", "品牌", "choice", ["苹果", "华为"]), new("age", "年限", "number"), new("working", "能用", "boolean")];

    private static PriceFactor F(string? field, string? op, object? value, string? effect = "add", long amount = 100, object[]? values = null) =>
        new(field, op, value is null ? null : JsonSerializer.SerializeToElement(value), values?.Select(v => JsonSerializer.SerializeToElement(v)).ToList(), effect, amount);

    private static Dictionary<string, string[]> Errors(PricingRule rule)
    {
        var errors = new FieldErrors();
        rule.Validate(errors);
        return errors.ToDictionary();
    }

    public static TheoryData<PriceFactor, string> BadFactors => new()
    {
        { F("brand", "like", "苹果"), "factors[0].operator" },
        { F("brand", null, "苹果"), "factors[0].operator" },
        { F("colour", "eq", "red"), "factors[0].field" },
        { F("age", "eq", "three"), "factors[0].value" },
        { F("working", "eq", "yes"), "factors[0].value" },
        { F("brand", "eq", "诺基亚"), "factors[0].value" },
        { F("brand", "eq", null), "factors[0].value" },
        { F("working", "gt", true), "factors[0].operator" },
        { F("age", "in", null, values: []), "factors[0].values" },
        { F("age", "in", null, values: [1, "two"]), "factors[0].values[1]" },
        { F("age", "between", null, values: [5, 2]), "factors[0].values" },
        { F("age", "between", null, values: [1]), "factors[0].values" },
        { F("brand", "between", null, values: ["苹果", "华为"]), "factors[0].values" },
        { F("age", "exists", 1), "factors[0].value" },
        { F("age", "eq", 1, "multiply", -5000), "factors[0].amount" },
        { F("age", "eq", 1, "subtract", -1), "factors[0].amount" },
        { F("age", "eq", 1, "multiply", PriceFactor.MaxBasisPoints + 1), "factors[0].amount" },
        { F("age", "eq", 1, "divide", 2), "factors[0].effect" },
    };

    [Theory]
    [MemberData(nameof(BadFactors))]
    public void A_bad_factor_is_named_by_its_path(PriceFactor factor, string path) =>
        Assert.Contains(path, Errors(new PricingRule("piece", 100, Attributes, [factor])).Keys);

    [Fact]
    public void A_bad_rule_is_named_by_its_paths()
    {
        var errors = Errors(new PricingRule("ton", -1, [new("a", "", "colour"), new("a", "A", "choice"), new("b", "B", "number", ["x"])], [],
            MinUnitPriceFen: 500, MaxUnitPriceFen: 100));

        Assert.Equal(["attributes[0].label", "attributes[0].type", "attributes[1].name", "attributes[1].options", "attributes[2].options",
            "basePriceFen", "maxUnitPriceFen", "unit"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Errors_of_a_nested_rule_carry_its_prefix()
    {
        var errors = new FieldErrors();
        new PricingPreviewRequest(new PricingRule("piece", 100, Attributes, [F("brand", "like", "x")]), []).Validate(errors);
        Assert.Equal(["rule.factors[0].operator"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void The_demo_rules_are_valid() =>
        Assert.All(Circula.Recycling.RecyclingDemoData.Rules, r => Assert.Empty(Errors(r.Value)));
}
