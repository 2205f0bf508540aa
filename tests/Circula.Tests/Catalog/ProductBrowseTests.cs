using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Circula.Catalog.Endpoints;
using Circula.Catalog;
using Circula.Shared;
using Circula.Tests.Infrastructure;
using static Circula.Tests.Catalog.CatalogTestApi;

namespace Circula.Tests.Catalog;

public abstract class ProductBrowseTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private async Task<PagedList<ProductSummary>> BrowseAsync(string query) =>
        await (await server.Client.GetAsync("/api/v1/products?" + query)).ReadAs<PagedList<ProductSummary>>();

    /// <summary>A tree of its own (root → child → grandchild) with products priced 1000..6000 fen, so demo data never interferes.</summary>
    private async Task<(CategoryDto Root, CategoryDto Child, CategoryDto Grandchild, ProductAdminResponse[] Products)> ArrangeAsync(HttpClient admin)
    {
        var root = await admin.CreateCategoryAsync(Unique("浏览"));
        var child = await admin.CreateCategoryAsync("子类", root.Id);
        var grandchild = await admin.CreateCategoryAsync("孙类", child.Id);
        ProductAdminResponse[] products =
        [
            await admin.CreateProductAsync(root.Id, "iPhone 12 二手", 3000, "95新"),
            await admin.CreateProductAsync(child.Id, "旧书包", 1000, "帆布"),
            await admin.CreateProductAsync(grandchild.Id, "100%纯棉T恤", 6000, "回收棉"),
            await admin.CreateProductAsync(grandchild.Id, "100纯棉毛巾", 2000, "a_b"),
            await admin.CreateProductAsync(child.Id, "电饭煲", 5000, "IPHONE 同款配色"),
        ];
        var withSpecs = new CreateProductRequest(child.Id, "环保袋", null, null, null, [new SpecDefinition("size", ["M", "L"])],
            [Sku(4000, Specs("size=M")), Sku(4500, Specs("size=L"))]);
        return (root, child, grandchild, [.. products, await admin.CreateProductAsync(withSpecs)]);
    }

    [Fact]
    public async Task Browse_filters_by_category_with_descendants_keyword_and_price()
    {
        using var admin = await server.AdminClientAsync();
        var (root, child, grandchild, p) = await ArrangeAsync(admin);

        Assert.Equal(6, (await BrowseAsync($"categoryId={root.Id}")).Total);
        Assert.Equal(5, (await BrowseAsync($"categoryId={child.Id}")).Total);
        Assert.Equal(2, (await BrowseAsync($"categoryId={grandchild.Id}")).Total);
        Assert.Equal(0, (await BrowseAsync("categoryId=987654321")).Total);

        async Task<IEnumerable<long>> Ids(string query) => (await BrowseAsync($"categoryId={root.Id}&pageSize=100&{query}")).Items.Select(i => i.Id).Order();
        Assert.Equal([p[0].Id, p[4].Id], await Ids("keyword=iphone"));
        Assert.Equal([p[2].Id, p[3].Id], await Ids("keyword=" + Uri.EscapeDataString("纯棉")));
        Assert.Equal([p[2].Id], await Ids("keyword=" + Uri.EscapeDataString("100%")));
        Assert.Equal([p[3].Id], await Ids("keyword=" + Uri.EscapeDataString("a_b")));
        Assert.Equal([p[3].Id], await Ids("keyword=_"));
        Assert.Empty(await Ids("keyword=" + Uri.EscapeDataString("'; DROP TABLE products; --")));

        Assert.Equal(new[] { p[0].Id, p[4].Id, p[5].Id }.Order(), await Ids("minPrice=3000&maxPrice=5000"));
        Assert.Equal([p[1].Id, p[3].Id], await Ids("maxPrice=2000"));
        var bag = (await BrowseAsync($"categoryId={child.Id}&keyword=" + Uri.EscapeDataString("环保袋"))).Items.Single();
        Assert.Equal((4000, 4500), (bag.MinPriceFen, bag.MaxPriceFen));
    }

    [Fact]
    public async Task Every_sort_orders_the_page_and_pages_add_up_to_the_total()
    {
        using var admin = await server.AdminClientAsync();
        var (root, _, _, p) = await ArrangeAsync(admin);
        async Task<List<long>> Sorted(string sort) => (await BrowseAsync($"categoryId={root.Id}&pageSize=100&{sort}")).Items.Select(i => i.Id).ToList();

        Assert.Equal(p.Select(x => x.Id).Reverse(), await Sorted(""));
        Assert.Equal(p.Select(x => x.Id).Reverse(), await Sorted("sort=newest"));
        Assert.Equal([p[1].Id, p[3].Id, p[0].Id, p[5].Id, p[4].Id, p[2].Id], await Sorted("sort=price_asc"));
        Assert.Equal([p[2].Id, p[4].Id, p[5].Id, p[0].Id, p[3].Id, p[1].Id], await Sorted("sort=price_desc"));
        Assert.Equal(p.OrderBy(x => x.Name, StringComparer.Ordinal).Select(x => x.Id), await Sorted("sort=name"));

        var seen = new List<long>();
        for (var page = 1; page <= 3; page++)
        {
            var result = await BrowseAsync($"categoryId={root.Id}&sort=price_asc&page={page}&pageSize=2");
            Assert.Equal((6, page, 2), (result.Total, result.Page, result.PageSize));
            seen.AddRange(result.Items.Select(i => i.Id));
        }

        Assert.Equal(await Sorted("sort=price_asc"), seen);
        Assert.Empty((await BrowseAsync($"categoryId={root.Id}&page=4&pageSize=2")).Items);
    }

    [Fact]
    public async Task Off_shelf_products_and_disabled_categories_are_hidden()
    {
        using var admin = await server.AdminClientAsync();
        var (root, child, _, p) = await ArrangeAsync(admin);
        await (await admin.PostAsync($"/api/v1/admin/products/{p[0].Id}/off-shelf", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(5, (await BrowseAsync($"categoryId={root.Id}")).Total);

        await (await admin.PostAsync($"/api/v1/admin/categories/{child.Id}/disable", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(0, (await BrowseAsync($"categoryId={root.Id}")).Total);
        Assert.Equal(0, (await BrowseAsync($"categoryId={child.Id}")).Total);
        await (await server.Client.GetAsync($"/api/v1/products/{p[2].Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=10000")]
    [InlineData("page=0")]
    [InlineData("sort=cheapest")]
    [InlineData("minPrice=500&maxPrice=100")]
    [InlineData("minPrice=-1")]
    public async Task Bad_browse_parameters_are_422(string query) =>
        await (await server.Client.GetAsync("/api/v1/products?" + query)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");

    [Fact]
    public async Task Malformed_and_oversized_browse_parameters_are_rejected()
    {
        await (await server.Client.GetAsync("/api/v1/products?page=abc")).ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        // 51 characters: one over the limit (a 10 KB query string is refused by Kestrel itself with 414).
        await (await server.Client.GetAsync("/api/v1/products?keyword=" + new string('k', ProductSearch.MaxKeywordLength + 1)))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task Product_details_answer_304_for_the_current_etag_and_change_it_after_an_update()
    {
        using var admin = await server.AdminClientAsync();
        var category = await admin.CreateCategoryAsync(Unique("缓存"));
        var product = await admin.CreateProductAsync(new CreateProductRequest(category.Id, "二手冰箱", "9成新", null,
            new Dictionary<string, string> { ["brand"] = "Haier" }, [new SpecDefinition("color", ["white", "silver"])],
            [Sku(69900, Specs("color=white"), stock: 3), Sku(72900, Specs("color=silver"), stock: 0)]));
        var url = $"/api/v1/products/{product.Id}";

        var first = await server.Client.GetAsync(url);
        var details = await first.ReadAs<ProductDetailsResponse>();
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.True(first.Headers.CacheControl?.NoCache);
        Assert.Equal((69900, 72900), (details.MinPriceFen, details.MaxPriceFen));
        Assert.Equal([3, 0], details.Skus.Select(s => s.Available));
        Assert.Equal("Haier", details.Attributes["brand"]);

        var revalidated = await GetIfNoneMatchAsync(url, etag);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());

        var sku = product.Skus[0];
        await (await admin.PutAsJsonAsync($"/api/v1/admin/products/{product.Id}/skus/{sku.Id}",
            new SkuRequest(sku.Code, Specs("color=white"), 65900, 3))).ShouldBe(HttpStatusCode.OK);
        var changed = await GetIfNoneMatchAsync(url, etag);
        var updated = await changed.ReadAs<ProductDetailsResponse>();
        Assert.NotEqual(etag.Tag, changed.Headers.ETag?.Tag);
        Assert.Equal(65900, updated.MinPriceFen);
        Assert.Equal([3, 0], updated.Skus.Select(s => s.Available));
        Assert.Equal(HttpStatusCode.NotModified, (await GetIfNoneMatchAsync(url, changed.Headers.ETag!)).StatusCode);
    }

    private async Task<HttpResponseMessage> GetIfNoneMatchAsync(string url, EntityTagHeaderValue etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);
        return await server.Client.SendAsync(request);
    }

    [Fact]
    public async Task Demo_products_are_browsable()
    {
        var all = await BrowseAsync("pageSize=100");
        Assert.True(all.Total >= 40, $"only {all.Total} demo products are visible");
        Assert.All(all.Items, i => Assert.True(i.MinPriceFen > 0 && i.MinPriceFen <= i.MaxPriceFen));
        var details = await (await server.Client.GetAsync($"/api/v1/products/{all.Items[0].Id}")).ReadAs<ProductDetailsResponse>();
        Assert.NotEmpty(details.Skus);
    }
}

public sealed class ProductBrowseTestsOnSqlite(SqliteServer server) : ProductBrowseTests<SqliteServer>(server);

public sealed class ProductBrowseTestsOnPostgres(PostgresServer server) : ProductBrowseTests<PostgresServer>(server);
