using System.Text.Json;
using Circula.Recycling.Pricing;
using Circula.Shared;

namespace Circula.Tests.Recycling;

/// <summary>The pricing engine, table-driven: every operator, every effect, order, bounds, rounding and the item checks.</summary>
public sealed class QuoterTests
{
    private static readonly AttributeSpec[] Attributes =
    [
        new("brand", "品牌", "choice", ["苹果", "华为", "其他"]),
        new("age", "年限", "number"),
        new("working", "能用", "boolean"),
        new("note", "备注", "text"),
    ];

    private static JsonElement J(object value) => JsonSerializer.SerializeToElement(value);

    private static PriceFactor F(string field, string op, object? value, string effect, long amount, object[]? values = null) =>
        new(field, op, value is null ? null : J(value), values?.Select(J).ToList(), effect, amount, $"{field} {op}");

    private static QuoteItemInput Item(decimal quantity, object? attributes = null) =>
        new(quantity, attributes is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(attributes)));

    private static QuotedItem PriceOne(PricingRule rule, QuoteItemInput item)
    {
        var errors = new FieldErrors();
        rule.Validate(errors);
        Assert.False(errors.Any, string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")));
        var result = new Quoter(rule).Quote([item]);
        Assert.True(result.IsSuccess, result.IsSuccess ? "" : string.Join("; ", result.Error!.Fields!.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")));
        return Assert.Single(result.Value.Items);
    }

    private static PricingRule Rule(params PriceFactor[] factors) => new("piece", 10_000, Attributes, factors);

    public static TheoryData<string, object?, object[]?, object, bool> Conditions => new()
    {
        { "eq", "苹果", null, new { brand = "苹果" }, true },
        { "eq", "苹果", null, new { brand = "华为" }, false },
        { "ne", "苹果", null, new { brand = "华为" }, true },
        { "ne", "苹果", null, new { brand = "苹果" }, false },
        { "gt", 3, null, new { age = 3.5 }, true },
        { "gt", 3, null, new { age = 3 }, false },
        { "gte", 3, null, new { age = 3.0 }, true },
        { "gte", 3, null, new { age = 2.99 }, false },
        { "lt", 3, null, new { age = 2 }, true },
        { "lt", 3, null, new { age = 3 }, false },
        { "lte", 3, null, new { age = 3 }, true },
        { "lte", 3, null, new { age = 4 }, false },
        { "in", null, new object[] { "苹果", "华为" }, new { brand = "华为" }, true },
        { "in", null, new object[] { "苹果", "华为" }, new { brand = "其他" }, false },
        { "between", null, new object[] { 2, 5 }, new { age = 2 }, true },
        { "between", null, new object[] { 2, 5 }, new { age = 5 }, true },
        { "between", null, new object[] { 2, 5 }, new { age = 5.01 }, false },
        { "exists", null, null, new { note = "x" }, true },
        { "exists", null, null, new { age = 1 }, false },
        { "eq", true, null, new { working = true }, true },
        { "eq", true, null, new { working = false }, false },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public void Each_operator_applies_its_factor_exactly_when_it_holds(string op, object? value, object[]? values, object answers, bool applies)
    {
        var field = op is "exists" ? "note" : value is bool ? "working" : op is "eq" or "ne" or "in" ? "brand" : "age";
        var priced = PriceOne(Rule(F(field, op, value, "add", 500, values)), Item(1, answers));

        Assert.Equal(applies ? 10_500 : 10_000, priced.UnitPriceFen);
        Assert.Equal(applies ? 1 : 0, priced.Factors.Count);
    }

    [Theory]
    [InlineData("multiply", 7000, 7000)]
    [InlineData("multiply", 15000, 15000)]
    [InlineData("multiply", 0, 0)]
    [InlineData("add", 250, 10250)]
    [InlineData("subtract", 250, 9750)]
    [InlineData("subtract", 20000, 0)]
    [InlineData("set", 1234, 1234)]
    public void Each_effect_changes_the_unit_price_as_documented(string effect, long amount, long expected)
    {
        var priced = PriceOne(Rule(F("working", "eq", true, effect, amount)), Item(2, new { working = true }));

        Assert.Equal(expected, priced.UnitPriceFen);
        Assert.Equal(expected * 2, priced.TotalFen);
        var applied = Assert.Single(priced.Factors);
        Assert.Equal((10_000L, expected, effect, amount), (applied.PriceBeforeFen, applied.PriceAfterFen, applied.Effect, applied.Amount));
    }

    [Fact]
    public void Factors_apply_in_their_order()
    {
        var working = new { working = true };
        Assert.Equal(15_000, PriceOne(Rule(F("working", "eq", true, "add", 5000), F("working", "eq", true, "multiply", 10_000)), Item(1, working)).UnitPriceFen);
        Assert.Equal(10_000, PriceOne(Rule(F("working", "eq", true, "multiply", 5000), F("working", "eq", true, "add", 5000)), Item(1, working)).UnitPriceFen);
        var both = PriceOne(Rule(F("working", "eq", true, "add", 5000), F("working", "eq", true, "multiply", 5000)), Item(1, working));
        Assert.Equal(7500, both.UnitPriceFen);
        Assert.Equal([0, 1], both.Factors.Select(f => f.Index));
        Assert.Equal([10_000L, 15_000L], both.Factors.Select(f => f.PriceBeforeFen));
    }

    [Theory]
    [InlineData(3333, 5000, 1667)] // 1666.5 rounds half up
    [InlineData(3331, 5000, 1666)] // 1665.5 → 1666
    [InlineData(1, 4999, 0)] // 0.4999 → 0
    [InlineData(1, 5000, 1)] // 0.5 → 1
    public void A_multiply_rounds_half_up_to_a_whole_fen(long basePrice, long basisPoints, long expected)
    {
        var rule = new PricingRule("piece", basePrice, Attributes, [F("working", "eq", true, "multiply", basisPoints)]);
        Assert.Equal(expected, PriceOne(rule, Item(1, new { working = true })).UnitPriceFen);
    }

    [Theory]
    [InlineData(2.5, 125, 313)] // 312.5 → 313
    [InlineData(0.001, 140, 0)] // 0.14 → 0
    [InlineData(0.004, 125, 1)] // 0.5 → 1
    [InlineData(5000, 140, 700_000)]
    public void A_line_is_unit_price_times_quantity_rounded_half_up(double kg, long unitFen, long expected)
    {
        var rule = new PricingRule("kg", unitFen, [], []);
        Assert.Equal(expected, PriceOne(rule, Item((decimal)kg)).TotalFen);
    }

    [Fact]
    public void Bounds_clamp_the_unit_price_after_the_last_factor()
    {
        var low = new PricingRule("piece", 10_000, Attributes, [F("working", "eq", false, "multiply", 100)], MinUnitPriceFen: 500, MaxUnitPriceFen: 12_000);
        var floor = PriceOne(low, Item(3, new { working = false }));
        Assert.Equal((500L, "min", 1500L), (floor.UnitPriceFen, floor.ClampedTo, floor.TotalFen));

        var high = low with { Factors = [F("working", "eq", true, "multiply", 20_000)] };
        var ceiling = PriceOne(high, Item(1, new { working = true }));
        Assert.Equal((12_000L, "max"), (ceiling.UnitPriceFen, ceiling.ClampedTo));
        Assert.Null(PriceOne(high, Item(1, new { working = false })).ClampedTo);
    }

    [Fact]
    public void A_factor_on_an_attribute_the_item_does_not_have_never_applies()
    {
        var priced = PriceOne(Rule(F("brand", "ne", "苹果", "add", 1), F("age", "lt", 100, "add", 1)), Item(1));
        Assert.Equal((10_000L, 0), (priced.UnitPriceFen, priced.Factors.Count));
    }

    [Fact]
    public void The_quote_total_is_the_sum_of_its_lines()
    {
        var rule = new PricingRule("kg", 150, Attributes, [F("working", "eq", false, "multiply", 8000)]);
        var result = new Quoter(rule).Quote([Item(2.5m), Item(1.25m, new { working = false })]);
        Assert.Equal([375L, 150L], result.Value!.Items.Select(i => i.TotalFen));
        Assert.Equal(525, result.Value!.TotalFen);
    }

    [Theory]
    [InlineData("kg", 0, "items[0].quantity")]
    [InlineData("kg", -1, "items[0].quantity")]
    [InlineData("kg", 5000.001, "items[0].quantity")]
    [InlineData("kg", 1.0001, "items[0].quantity")]
    [InlineData("piece", 1.5, "items[0].quantity")]
    [InlineData("piece", 501, "items[0].quantity")]
    public void Absurd_quantities_are_refused_with_their_path(string unit, double quantity, string path)
    {
        var result = new Quoter(new PricingRule(unit, 100, [], [])).Quote([Item((decimal)quantity)]);
        Assert.Contains(path, result.Error!.Fields!.Keys);
    }

    [Fact]
    public void Wrong_unknown_and_missing_answers_are_refused_with_their_paths()
    {
        var rule = new PricingRule("piece", 100, [.. Attributes, new AttributeSpec("size", "尺寸", "number", null, Required: true)], []);
        var result = new Quoter(rule).Quote(
        [
            Item(1, new { size = 1, brand = "诺基亚", age = "old", working = "yes", colour = "red" }),
            Item(1, new { note = new string('x', 101) }),
        ]);

        Assert.Equal(
            ["items[0].attributes.age", "items[0].attributes.brand", "items[0].attributes.colour", "items[0].attributes.working",
                "items[1].attributes.note", "items[1].attributes.size"],
            result.Error!.Fields!.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("苹果", result.Error!.Fields!["items[0].attributes.brand"][0], StringComparison.Ordinal);
        Assert.False(new Quoter(rule).Quote([]).IsSuccess);
        Assert.False(new Quoter(rule).Quote(null).IsSuccess);
        Assert.False(new Quoter(rule).Quote(Enumerable.Range(0, Quoter.MaxItems + 1).Select(_ => Item(1, new { size = 1 })).ToList()).IsSuccess);
    }
}
