using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net;
using Circula.Catalog.Endpoints;
using Circula.Catalog;
using Circula.Identity.Contracts;
using Circula.Identity;
using Circula.Shared;
using Circula.Tests.Infrastructure;
using static Circula.Tests.Catalog.CatalogTestApi;

namespace Circula.Tests.Catalog;

public abstract class ProductAdminTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private const string Products = "/api/v1/admin/products";

    private static CreateProductRequest Washer(long categoryId) => new(categoryId, "二手滚筒洗衣机", "九成新", "已消毒",
        new Dictionary<string, string> { ["品牌"] = "Haier", ["成色"] = "95新" },
        [new SpecDefinition("color", ["white", "silver"]), new SpecDefinition("capacity", ["8kg", "10kg"])],
        [
            Sku(89900, Specs("color=white", "capacity=8kg")),
            Sku(99900, Specs("capacity=10kg", "color=white")),
            Sku(92900, Specs("color=silver", "capacity=8kg")),
        ]);

    [Fact]
    public async Task A_product_is_created_with_its_specs_and_skus_in_one_request()
    {
        using var admin = await server.AdminClientAsync();
        var category = await admin.CreateCategoryAsync(Unique("洗衣机"));
        var response = await admin.PostAsJsonAsync(Products, Washer(category.Id));
        var product = await response.ReadAs<ProductAdminResponse>(HttpStatusCode.Created);

        Assert.Equal($"{Products}/{product.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal($"\"{product.Version}\"", response.Headers.ETag?.Tag);
        Assert.False(product.IsOnShelf);
        Assert.Equal(["color", "capacity"], product.Specs.Select(s => s.Name));
        Assert.Equal("95新", product.Attributes["成色"]);
        Assert.Equal([89900L, 99900L, 92900L], product.Skus.Select(s => s.PriceFen));
        Assert.Equal("10kg", product.Skus[1].Specs["capacity"]);
        Assert.All(product.Skus, s => Assert.Equal((10, 0, 10), (s.StockQuantity, s.Reserved, s.Available)));

        var loaded = await (await admin.GetAsync($"{Products}/{product.Id}")).ReadAs<ProductAdminResponse>();
        Assert.Equal(product.Skus.Select(s => (s.Id, s.Code)), loaded.Skus.Select(s => (s.Id, s.Code)));

        var added = await (await admin.PostAsJsonAsync($"{Products}/{product.Id}/skus", Sku(109900, Specs("color=silver", "capacity=10kg"))))
            .ReadAs<SkuAdminResponse>(HttpStatusCode.Created);
        var fetched = await (await admin.GetAsync($"{Products}/{product.Id}/skus/{added.Id}")).ReadAs<SkuAdminResponse>();
        Assert.Equal(109900, fetched.PriceFen);
        Assert.Equal((10, 0, 10), (added.StockQuantity, added.Reserved, added.Available));
        Assert.Equal((10, 0, 10), (fetched.StockQuantity, fetched.Reserved, fetched.Available));
    }

    [Fact]
    public async Task Spec_combinations_must_fit_the_schema_and_be_unique()
    {
        using var admin = await server.AdminClientAsync();
        var category = await admin.CreateCategoryAsync(Unique("规格"));
        var washer = Washer(category.Id);

        var unknownValue = washer with { Skus = [Sku(100, Specs("color=gold", "capacity=8kg"))] };
        var problem = await (await admin.PostAsJsonAsync(Products, unknownValue)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("skus[0].specs.color", out _));
        var unknownName = washer with { Skus = [Sku(100, Specs("color=white", "capacity=8kg", "size=L"))] };
        await (await admin.PostAsJsonAsync(Products, unknownName)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var missing = washer with { Skus = [Sku(100, Specs("color=white"))] };
        await (await admin.PostAsJsonAsync(Products, missing)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var twice = washer with { Skus = [Sku(100, Specs("color=white", "capacity=8kg")), Sku(200, Specs("capacity=8kg", "color=white"))] };
        await (await admin.PostAsJsonAsync(Products, twice)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var plainWithTwo = NewProduct(category.Id, "无规格", 100) with { Skus = [Sku(100), Sku(200)] };
        await (await admin.PostAsJsonAsync(Products, plainWithTwo)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");

        var product = await admin.CreateProductAsync(washer, onShelf: false);
        await (await admin.PostAsJsonAsync($"{Products}/{product.Id}/skus", Sku(1, Specs("color=white", "capacity=8kg"))))
            .ShouldBeProblem(HttpStatusCode.Conflict, "duplicate_sku_specs");
        await (await admin.PostAsJsonAsync($"{Products}/{product.Id}/skus", Sku(1, Specs("color=red", "capacity=8kg"))))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var taken = new SkuRequest(product.Skus[0].Code, Specs("color=silver", "capacity=10kg"), 100, 1);
        await (await admin.PostAsJsonAsync($"{Products}/{product.Id}/skus", taken)).ShouldBeProblem(HttpStatusCode.Conflict, "sku_code_taken");

        var narrower = new ProductFieldsRequest(category.Id, product.Name, null, null, null, [new SpecDefinition("color", ["white"]), new SpecDefinition("capacity", ["8kg", "10kg"])]);
        await (await admin.PutAsJsonAsync($"{Products}/{product.Id}", narrower)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "spec_schema_in_use");
        var wider = narrower with { Specs = [new SpecDefinition("color", ["white", "silver", "red"]), new SpecDefinition("capacity", ["8kg", "10kg"])] };
        await (await admin.PutAsJsonAsync($"{Products}/{product.Id}", wider)).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsJsonAsync($"{Products}/{product.Id}/skus", Sku(1, Specs("color=red", "capacity=8kg")))).ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Bad_product_input_is_rejected_with_stable_codes()
    {
        using var admin = await server.AdminClientAsync();
        var category = await admin.CreateCategoryAsync(Unique("校验"));
        var id = category.Id;
        var sku = $"{{\"code\":\"{Unique("C")}\",\"priceFen\":PRICE,\"stockQuantity\":1}}";
        string Body(string price) => $"{{\"categoryId\":{id},\"name\":\"书桌\",\"skus\":[{sku.Replace("PRICE", price, StringComparison.Ordinal)}]}}";

        await (await admin.PostRawJsonAsync(Products, "{\"categoryId\":")).ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        await (await admin.PostRawJsonAsync(Products, Body("\"100\""))).ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        await (await admin.PostRawJsonAsync(Products, Body("12.5"))).ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        await (await admin.PostRawJsonAsync(Products, Body("-100"))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await admin.PostRawJsonAsync(Products, Body("0"))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await admin.PostRawJsonAsync(Products, Body("100000001"))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await admin.PostRawJsonAsync(Products, Body("100"))).ShouldBe(HttpStatusCode.Created);

        await (await admin.PostAsJsonAsync(Products, NewProduct(987654321, "x", 100))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "unknown_category");
        var disabled = await admin.CreateCategoryAsync("停用", id);
        await (await admin.PostAsync($"/api/v1/admin/categories/{disabled.Id}/disable", null)).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsJsonAsync(Products, NewProduct(disabled.Id, "x", 100))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "category_disabled");

        await (await admin.PostAsJsonAsync(Products, NewProduct(id, new string('长', 10_000), 100))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await admin.PostAsJsonAsync(Products, NewProduct(id, "x", 100) with { Description = new string('d', 5001) }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await admin.PostAsJsonAsync(Products, NewProduct(id, "x", 100) with { Skus = [] })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");

        await (await admin.GetAsync($"{Products}/987654321")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await admin.PutAsJsonAsync($"{Products}/987654321", NewProduct(id, "x", 100))).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await server.Client.GetAsync("/api/v1/products/987654321")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Injection_and_markup_in_names_are_stored_and_returned_verbatim()
    {
        using var admin = await server.AdminClientAsync();
        var category = await admin.CreateCategoryAsync(Unique("'; DROP TABLE categories; --"));
        string[] names = ["'; DROP TABLE products; --", "<script>alert(1)</script>", "Robert'); DELETE FROM skus;--", "100% 纯棉 \\ _x_"];
        foreach (var name in names)
        {
            var created = await admin.CreateProductAsync(category.Id, name, 500, subtitle: name);
            Assert.Equal(name, created.Name);
            var details = await (await server.Client.GetAsync($"/api/v1/products/{created.Id}")).ReadAs<ProductDetailsResponse>();
            Assert.Equal((name, name), (details.Name, details.Subtitle));
        }

        var listed = await (await server.Client.GetAsync($"/api/v1/products?categoryId={category.Id}&sort=name&pageSize=100"))
            .ReadAs<PagedList<ProductSummary>>();
        Assert.Equal(names.Order(StringComparer.Ordinal), listed.Items.Select(i => i.Name));
        var everything = await (await server.Client.GetAsync("/api/v1/products")).ReadAs<PagedList<ProductSummary>>();
        Assert.True(everything.Total >= 40);
        Assert.Contains(category.Name, (await server.Client.GetTreeAsync()).Select(n => n.Name));
    }

    [Fact]
    public async Task Shelf_and_delete_follow_the_rules()
    {
        using var admin = await server.AdminClientAsync();
        var category = await admin.CreateCategoryAsync(Unique("上下架"));
        var product = await admin.CreateProductAsync(NewProduct(category.Id, "旧台灯", 1500), onShelf: false);
        await (await server.Client.GetAsync($"/api/v1/products/{product.Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");

        var sku = product.Skus.Single();
        var disabledSku = new SkuRequest(sku.Code, null, sku.PriceFen, sku.StockQuantity, IsEnabled: false);
        await (await admin.PutAsJsonAsync($"{Products}/{product.Id}/skus/{sku.Id}", disabledSku)).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsync($"{Products}/{product.Id}/on-shelf", null)).ShouldBeProblem(HttpStatusCode.Conflict, "no_enabled_sku");
        await (await admin.PutAsJsonAsync($"{Products}/{product.Id}/skus/{sku.Id}", disabledSku with { IsEnabled = true })).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsync($"{Products}/{product.Id}/on-shelf", null)).ShouldBe(HttpStatusCode.OK);
        await (await server.Client.GetAsync($"/api/v1/products/{product.Id}")).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsync($"{Products}/{product.Id}/off-shelf", null)).ShouldBe(HttpStatusCode.OK);
        await (await server.Client.GetAsync($"/api/v1/products/{product.Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");

        await (await admin.DeleteAsync($"{Products}/{product.Id}")).ShouldBeProblem(HttpStatusCode.Conflict, "product_has_stock");
        var emptied = await (await admin.PutAsJsonAsync($"{Products}/{product.Id}/skus/{sku.Id}", disabledSku with { StockQuantity = 0, IsEnabled = true }))
            .ReadAs<ProductAdminResponse>();
        Assert.Equal((0, 0), (emptied.Skus.Single().StockQuantity, emptied.Skus.Single().Available));
        await (await admin.DeleteAsync($"{Products}/{product.Id}")).ShouldBe(HttpStatusCode.NoContent);
        await (await admin.GetAsync($"{Products}/{product.Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Admin_product_endpoints_need_the_catalog_permission()
    {
        using var admin = await server.AdminClientAsync();
        var category = await admin.CreateCategoryAsync(Unique("权限"));
        var customer = await server.CreateUserAsync(Roles.Customer);
        await (await customer.Client.PostAsJsonAsync(Products, NewProduct(category.Id, "x", 100))).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await customer.Client.GetAsync($"{Products}/1")).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await server.Client.PostAsJsonAsync(Products, NewProduct(category.Id, "x", 100))).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");
        var @operator = await server.CreateUserAsync(Roles.Operator);
        await (await @operator.Client.PostAsJsonAsync(Products, NewProduct(category.Id, "x", 100))).ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_stale_if_match_is_refused_and_parallel_updates_with_one_version_let_exactly_one_win()
    {
        using var admin = await server.AdminClientAsync();
        var category = await admin.CreateCategoryAsync(Unique("乐观锁"));
        var product = await admin.CreateProductAsync(NewProduct(category.Id, "旧书架", 9900), onShelf: false);
        var etag = $"\"{product.Version}\"";

        var responses = await InParallelAsync(8, i => Send(HttpMethod.Put, $"{Products}/{product.Id}", etag,
            new ProductFieldsRequest(category.Id, $"旧书架 v{i}", null, null, null, null)));
        var winners = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Single(winners);
        foreach (var lost in responses.Except(winners))
        {
            await lost.ShouldBeProblem(HttpStatusCode.PreconditionFailed, "concurrency_conflict");
        }

        var winner = await winners[0].ReadAs<ProductAdminResponse>();
        var current = await (await admin.GetAsync($"{Products}/{product.Id}")).ReadAs<ProductAdminResponse>();
        Assert.Equal((winner.Name, winner.Version), (current.Name, current.Version));
        await (await Send(HttpMethod.Post, $"{Products}/{product.Id}/on-shelf", etag, null))
            .ShouldBeProblem(HttpStatusCode.PreconditionFailed, "concurrency_conflict");
        await (await Send(HttpMethod.Post, $"{Products}/{product.Id}/on-shelf", $"\"{current.Version}\"", null)).ShouldBe(HttpStatusCode.OK);

        async Task<HttpResponseMessage> Send(HttpMethod method, string url, string ifMatch, object? body)
        {
            using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
            return await admin.SendAsync(request);
        }
    }

    [Fact]
    public async Task Parallel_adds_of_one_spec_combination_create_one_sku()
    {
        using var admin = await server.AdminClientAsync();
        var category = await admin.CreateCategoryAsync(Unique("并发规格"));
        var product = await admin.CreateProductAsync(Washer(category.Id), onShelf: false);

        var responses = await InParallelAsync(10, _ => admin.PostAsJsonAsync($"{Products}/{product.Id}/skus", Sku(109900, Specs("color=silver", "capacity=10kg"))));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            // Either the spec index or the product version catches the loser, depending on which write ran first.
            var problem = await lost.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            Assert.Equal(HttpStatusCode.Conflict, lost.StatusCode);
            Assert.Contains(problem.GetProperty("code").GetString(), new[] { "duplicate_sku_specs", "concurrency_conflict" });
        }

        var current = await (await admin.GetAsync($"{Products}/{product.Id}")).ReadAs<ProductAdminResponse>();
        Assert.Single(current.Skus, s => s.Specs["color"] == "silver" && s.Specs["capacity"] == "10kg");
        Assert.Equal(4, current.Skus.Count);
    }
}

public sealed class ProductAdminTestsOnSqlite(SqliteServer server) : ProductAdminTests<SqliteServer>(server);

public sealed class ProductAdminTestsOnPostgres(PostgresServer server) : ProductAdminTests<PostgresServer>(server);
