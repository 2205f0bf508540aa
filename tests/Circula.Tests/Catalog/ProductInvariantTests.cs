using Circula.Catalog;
using Circula.Shared;
using Circula.Shared.Results;

namespace Circula.Tests.Catalog;

/// <summary>The catalog's entities refuse what would break them, whoever calls: no endpoint or database involved.</summary>
public sealed class ProductInvariantTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    private static readonly ProductFields Washer = new(7, "洗衣机", null, null, new Dictionary<string, string>(),
        [new SpecDefinition("颜色", ["白色", "银色"])]);

    private static SkuFields White(bool enabled = true, long priceFen = 89900) =>
        new("WASH-WHITE", new Dictionary<string, string> { ["颜色"] = "白色" }, priceFen, enabled);

    [Fact]
    public void A_sku_must_pick_a_value_of_every_spec_from_the_schema()
    {
        var product = Product.Create(Washer, [White()], Now);

        var added = product.AddSku(new SkuFields("WASH-RED", new Dictionary<string, string> { ["颜色"] = "红色" }, 89900, true), Now);

        Assert.Equal((ErrorKind.Invalid, ErrorCodes.ValidationFailed), (added.Error?.Kind, added.Error?.Code));
        Assert.Equal(["specs.颜色"], added.Error!.Fields!.Keys);
        Assert.Single(product.Skus);
        Assert.Throws<ArgumentException>(() => Product.Create(Washer, [new SkuFields("BARE", new Dictionary<string, string>(), 100, true)], Now));
    }

    [Fact]
    public void The_schema_cannot_change_under_existing_skus()
    {
        var product = Product.Create(Washer, [White()], Now);

        var refused = product.Edit(Washer with { SpecSchema = [new SpecDefinition("颜色", ["银色"])] });

        Assert.Equal("spec_schema_in_use", refused?.Code);
        Assert.Equal(["白色", "银色"], product.SpecSchema.Single().Values);
    }

    [Fact]
    public void Only_a_product_with_an_enabled_sku_goes_on_the_shelf()
    {
        var disabledOnly = Product.Create(Washer, [White(enabled: false)], Now);
        var sellable = Product.Create(Washer, [White()], Now);

        Assert.Equal((ErrorKind.Conflict, "no_enabled_sku"), (disabledOnly.PutOnShelf()?.Kind, disabledOnly.PutOnShelf()?.Code));
        Assert.False(disabledOnly.IsOnShelf);
        Assert.Null(sellable.PutOnShelf());
        Assert.True(sellable.IsOnShelf);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(Sku.MaxPriceFen + 1)]
    public void A_sku_price_is_positive_whole_fen_within_the_limit(long priceFen)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Product.Create(Washer, [White(priceFen: priceFen)], Now));
        var product = Product.Create(Washer, [White()], Now);
        var sku = product.Skus.Single();
        Assert.Throws<ArgumentOutOfRangeException>(() => product.ReplaceSku(sku, White(priceFen: priceFen), Now));
        Assert.Equal(89900, sku.PriceFen);
    }

    [Fact]
    public void Replacing_a_sku_bumps_its_version_and_a_category_change_only_when_something_changed()
    {
        var product = Product.Create(Washer, [White()], Now);
        var sku = product.Skus.Single();
        Assert.Null(product.ReplaceSku(sku, White() with { PriceFen = 79900 }, Now.AddHours(1)));
        Assert.Equal((79900, 2, Now.AddHours(1)), (sku.PriceFen, sku.Version, sku.UpdatedAt));

        var category = Category.Create(null, " 家电 ", CategoryKind.Shop, 10, Now);
        Assert.Equal("家电", category.Name);
        category.Rename("家电", 10, Now.AddHours(1));
        category.Enable(Now.AddHours(1));
        category.MoveUnder(null, Now.AddHours(1));
        Assert.Equal((1, Now), (category.Version, category.UpdatedAt));
        category.Disable(Now.AddHours(2));
        Assert.Equal((false, 2, Now.AddHours(2)), (category.IsEnabled, category.Version, category.UpdatedAt));
    }
}
