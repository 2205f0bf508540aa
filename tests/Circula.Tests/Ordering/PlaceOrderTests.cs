using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Identity;
using Circula.Ordering;
using Circula.Tests.Catalog;
using Circula.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Ordering;

public abstract class PlaceOrderTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task Placing_an_order_reserves_stock_snapshots_prices_and_answers_201()
    {
        var sku = await server.CreateSkuAsync(stock: 10, priceFen: 1990);
        var customer = await server.CreateUserAsync(Roles.Customer);

        var response = await customer.Client.PlaceAsync(Guid.NewGuid().ToString(), (sku.Id, 3));
        var order = await response.ReadAs<OrderDto>(HttpStatusCode.Created);

        Assert.Equal($"/api/v1/orders/{order.Id}", response.Headers.Location?.OriginalString);
        Assert.Matches(@"^ORD\d{8}" + order.Id + "$", order.Number);
        Assert.Equal("pendingPayment", order.Status);
        Assert.Equal(5970, order.TotalFen);
        Assert.Equal((1990L, 3, 5970L), (order.Lines.Single().UnitPriceFen, order.Lines.Single().Quantity, order.Lines.Single().LineTotalFen));
        Assert.Equal(["cancel"], order.AllowedActions);
        Assert.Equal("13912345678", order.Address.GetProperty("phone").GetString());
        Assert.Equal(["name", "phone", "province", "city", "district", "detail"], order.Address.EnumerateObject().Select(p => p.Name));
        Assert.InRange(order.PaymentDeadline - server.Clock.GetUtcNow().UtcDateTime, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(31));
        Assert.Equal((10, 3, 7), await server.StockAsync(sku));
        Assert.Equal(7, (await (await server.Client.GetAsync($"/api/v1/products/{sku.ProductId}")).ReadAs<JsonElement>())
            .GetProperty("skus")[0].GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task A_short_line_reserves_nothing_and_names_the_sku()
    {
        var plenty = await server.CreateSkuAsync(stock: 10);
        var scarce = await server.CreateSkuAsync(stock: 1);
        var customer = await server.CreateUserAsync(Roles.Customer);

        var response = await customer.Client.PlaceAsync(Guid.NewGuid().ToString(), (plenty.Id, 2), (scarce.Id, 2));

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict, "insufficient_stock");
        Assert.Equal(scarce.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("skuId").GetString());
        Assert.Equal(1, problem.GetProperty("available").GetInt32());
        Assert.Equal((10, 0, 10), await server.StockAsync(plenty));
        Assert.Equal((1, 0, 1), await server.StockAsync(scarce));
    }

    [Fact]
    public async Task Bad_orders_get_clear_errors_and_change_nothing()
    {
        var sku = await server.CreateSkuAsync(stock: 5);
        var client = (await server.CreateUserAsync(Roles.Customer)).Client;
        string Key() => Guid.NewGuid().ToString();

        await (await client.PlaceAsync(null, (sku.Id, 1))).ShouldBeProblem(HttpStatusCode.BadRequest, "idempotency_key_required");
        await (await client.PlaceAsync(new string('k', 65), (sku.Id, 1))).ShouldBeProblem(HttpStatusCode.BadRequest, "idempotency_key_invalid");
        var malformed = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = new StringContent("{\"lines\":[", System.Text.Encoding.UTF8, "application/json") };
        malformed.Headers.Add("Idempotency-Key", Key());
        await (await client.SendAsync(malformed)).ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        await (await client.PlaceAsync(Key(), new { lines = new[] { new { skuId = sku.Id, quantity = "1" } }, address = OrderingTestApi.Address }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        await (await client.PlaceAsync(Key(), new { lines = new[] { new { skuId = sku.Id, quantity = 1.5 } }, address = OrderingTestApi.Address }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");

        await AssertInvalid(await client.PlaceAsync(Key()), "lines");
        await AssertInvalid(await client.PlaceAsync(Key(), Enumerable.Range(1, 51).Select(i => ((long)i, 1)).ToArray()), "lines");
        await AssertInvalid(await client.PlaceAsync(Key(), (sku.Id, 0)), "lines[0].quantity");
        await AssertInvalid(await client.PlaceAsync(Key(), (sku.Id, -3)), "lines[0].quantity");
        await AssertInvalid(await client.PlaceAsync(Key(), (sku.Id, 1), (sku.Id, 2)), "lines[1].skuId");
        await AssertInvalid(await client.PlaceAsync(Key(), new { lines = new[] { new { skuId = sku.Id, quantity = 1 } }, address = new { name = "x", phone = "12345", province = "p", city = "c", district = "d", detail = "" } }), "address.phone");
        await AssertInvalid(await client.PlaceAsync(Key(), new { lines = new[] { new { skuId = sku.Id, quantity = 1 } } }), "address");
        await AssertInvalid(await client.PlaceAsync(Key(), new { lines = new[] { new { skuId = sku.Id, quantity = 1 } }, address = OrderingTestApi.Address, remark = new string('长', 10_000) }), "remark");

        await (await client.PlaceAsync(Key(), (sku.Id, 100))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "quantity_limit_exceeded");
        await (await client.PlaceAsync(Key(), (987_654_321, 1))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "sku_unavailable");
        var admin = await server.AdminClientAsync();
        await (await admin.PostAsync($"/api/v1/admin/products/{sku.ProductId}/off-shelf", null)).ShouldBe(HttpStatusCode.OK);
        await (await client.PlaceAsync(Key(), (sku.Id, 1))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "sku_unavailable");
        await (await server.Client.PlaceAsync(Key(), (sku.Id, 1))).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");

        Assert.Equal((5, 0, 5), await server.StockAsync(sku));
        var mine = await (await client.GetAsync("/api/v1/orders")).ReadAs<JsonElement>();
        Assert.Equal(0, mine.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Sql_and_html_in_the_remark_and_address_are_stored_verbatim()
    {
        var sku = await server.CreateSkuAsync(stock: 5);
        var client = (await server.CreateUserAsync(Roles.Customer)).Client;
        const string injection = "'; DROP TABLE orders; --";
        const string html = "<script>alert(1)</script>";

        var order = await (await client.PlaceAsync(Guid.NewGuid().ToString(), new
        {
            lines = new[] { new { skuId = sku.Id, quantity = 1 } },
            address = new { name = html, phone = "13912345678", province = "浙江省", city = "杭州市", district = "西湖区", detail = injection },
            remark = injection,
        })).ReadAs<OrderDto>(HttpStatusCode.Created);

        var again = await (await client.GetAsync($"/api/v1/orders/{order.Id}")).ReadAs<JsonElement>();
        Assert.Equal(injection, again.GetProperty("remark").GetString());
        Assert.Equal(injection, again.GetProperty("address").GetProperty("detail").GetString());
        Assert.Equal(html, again.GetProperty("address").GetProperty("name").GetString());
        await client.PlaceOkAsync(sku);
    }

    [Fact]
    public async Task The_same_key_and_body_replays_the_first_answer_and_another_body_is_refused()
    {
        var sku = await server.CreateSkuAsync(stock: 10);
        var client = (await server.CreateUserAsync(Roles.Customer)).Client;
        var key = Guid.NewGuid().ToString();

        var first = await (await client.PlaceAsync(key, (sku.Id, 2))).ReadAs<OrderDto>(HttpStatusCode.Created);
        var replay = await client.PlaceAsync(key, (sku.Id, 2));
        var second = await replay.ReadAs<OrderDto>(HttpStatusCode.Created);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal($"/api/v1/orders/{first.Id}", replay.Headers.Location?.OriginalString);
        await (await client.PlaceAsync(key, (sku.Id, 3))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(8, await server.AvailableAsync(sku));

        // Keys are per user: another customer may use the same key for their own order.
        var other = (await server.CreateUserAsync(Roles.Customer)).Client;
        Assert.NotEqual(first.Id, (await (await other.PlaceAsync(key, (sku.Id, 2))).ReadAs<OrderDto>(HttpStatusCode.Created)).Id);
    }

    [Fact]
    public async Task A_replay_answers_the_first_bytes_even_after_the_sku_went_off_shelf()
    {
        var sku = await server.CreateSkuAsync(stock: 10);
        var client = (await server.CreateUserAsync(Roles.Customer)).Client;
        var key = Guid.NewGuid().ToString();
        var first = await client.PlaceAsync(key, (sku.Id, 2));
        var firstBody = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var admin = await server.AdminClientAsync();
        await (await admin.PostAsync($"/api/v1/admin/products/{sku.ProductId}/off-shelf", null)).ShouldBe(HttpStatusCode.OK);
        var replay = await client.PlaceAsync(key, (sku.Id, 2));

        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(firstBody, await replay.Content.ReadAsByteArrayAsync());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        await (await client.PlaceAsync(key, (sku.Id, 3))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(8, await server.AvailableAsync(sku));
    }

    [Fact]
    public async Task An_idempotency_key_expires_after_24_hours()
    {
        var sku = await server.CreateSkuAsync(stock: 10);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var key = Guid.NewGuid().ToString();
        var first = await (await customer.Client.PlaceAsync(key, (sku.Id, 1))).ReadAs<OrderDto>(HttpStatusCode.Created);

        await server.AdvanceClockAsync(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var client = await server.SignInAgainAsync(customer);
        var later = await (await client.PlaceAsync(key, (sku.Id, 1))).ReadAs<OrderDto>(HttpStatusCode.Created);

        Assert.NotEqual(first.Id, later.Id);
    }

    [Fact]
    public async Task Expired_idempotency_records_are_deleted_and_live_ones_kept()
    {
        var sku = await server.CreateSkuAsync(stock: 10);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var old = Guid.NewGuid().ToString();
        await customer.Client.PlaceOkAsync(sku, key: old);
        await server.AdvanceClockAsync(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var fresh = Guid.NewGuid().ToString();
        await (await server.SignInAgainAsync(customer)).PlaceOkAsync(sku, key: fresh);

        await server.WithScopeAsync(sp => sp.GetRequiredService<ExpiredIdempotencyKeys>().RunOnceAsync(CancellationToken.None));

        var keys = await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<IdempotencyRecord>()
            .Where(r => r.UserId == customer.Id).Select(r => r.Key).ToListAsync());
        Assert.Equal([fresh], keys);
    }

    [Fact]
    public async Task Twenty_parallel_requests_with_one_key_make_one_order()
    {
        var sku = await server.CreateSkuAsync(stock: 100);
        var client = (await server.CreateUserAsync(Roles.Customer)).Client;
        var key = Guid.NewGuid().ToString();

        var responses = await CatalogTestApi.InParallelAsync(20, _ => client.PlaceAsync(key, (sku.Id, 1)));

        var ids = new List<string>();
        foreach (var response in responses)
        {
            ids.Add((await response.ReadAs<OrderDto>(HttpStatusCode.Created)).Id);
        }

        Assert.Single(ids.Distinct());
        Assert.Equal(1, (await (await client.GetAsync("/api/v1/orders")).ReadAs<JsonElement>()).GetProperty("total").GetInt32());
        Assert.Equal(99, await server.AvailableAsync(sku));
    }

    [Fact]
    public async Task Two_hundred_parallel_buyers_of_a_sku_with_stock_50_get_exactly_50_orders()
    {
        var sku = await server.CreateSkuAsync(stock: 50);
        var buyers = new List<HttpClient>();
        for (var i = 0; i < 20; i++)
        {
            buyers.Add((await server.CreateUserAsync(Roles.Customer)).Client);
        }

        var responses = await CatalogTestApi.InParallelAsync(200, i => buyers[i % buyers.Count].PlaceAsync(Guid.NewGuid().ToString(), (sku.Id, 1)));

        Assert.Equal(50, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.ShouldBeProblem(HttpStatusCode.Conflict, "insufficient_stock");
        }

        Assert.Equal((50, 50, 0), await server.StockAsync(sku));
    }

    private static async Task AssertInvalid(HttpResponseMessage response, string field)
    {
        var problem = await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"expected an error for {field}: {problem}");
    }
}

public sealed class PlaceOrderTestsOnSqlite(SqliteServer server) : PlaceOrderTests<SqliteServer>(server);

public sealed class PlaceOrderTestsOnPostgres(PostgresServer server) : PlaceOrderTests<PostgresServer>(server);
