using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Circula.Catalog;
using Circula.Identity.Contracts;
using Circula.Shared;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;
using Circula.Tests.Payments;
using static Circula.Tests.Catalog.CatalogTestApi;

namespace Circula.Tests.Admin;

/// <summary>The read endpoints the admin console needs: the operators' product list, order search, the dashboard's figures, payment anomalies.</summary>
public abstract class AdminReadTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task The_product_list_shows_products_on_and_off_the_shelf_with_their_filters()
    {
        using var admin = await server.AdminClientAsync();
        var root = await admin.CreateCategoryAsync(Unique("家电"));
        var child = await admin.CreateCategoryAsync(Unique("洗衣机"), root.Id);
        var word = Unique("滚筒").ToLowerInvariant();
        var onShelf = await admin.CreateProductAsync(new CreateProductRequest(child.Id, word + " A", "九成新", null, null,
            [new SpecDefinition("颜色", ["白", "银"])],
            [Sku(89900, Specs("颜色=白"), stock: 3), Sku(92900, Specs("颜色=银"), stock: 4)]));
        var offShelf = await admin.CreateProductAsync(new CreateProductRequest(root.Id, word.ToUpperInvariant() + " B", null, null, null, null, [Sku(100, stock: 0)]),
            onShelf: false);

        var all = await ListAsync(admin, $"keyword={word}");
        Assert.Equal([offShelf.Id, onShelf.Id], all.Items.Select(p => p.Id));
        var first = all.Items[1];
        Assert.Equal((true, 2, 2, 89900L, 92900L, 7L, 7L), (first.IsOnShelf, first.SkuCount, first.EnabledSkuCount, first.MinPriceFen, first.MaxPriceFen,
            first.OnHand, first.Available));
        Assert.Equal([offShelf.Id], (await ListAsync(admin, $"keyword={word}&onShelf=false")).Items.Select(p => p.Id));
        Assert.Equal([onShelf.Id], (await ListAsync(admin, $"keyword={word}&categoryId={child.Id}")).Items.Select(p => p.Id));
        Assert.Equal(2, (await ListAsync(admin, $"categoryId={root.Id}")).Total);
        var page = await ListAsync(admin, $"keyword={word}&page=2&pageSize=1");
        Assert.Equal([onShelf.Id], page.Items.Select(p => p.Id));
        Assert.Equal(2, page.Total);

        await (await admin.DeleteAsync($"/api/v1/admin/products/{offShelf.Id}")).ShouldBe(HttpStatusCode.NoContent);
        Assert.Equal([onShelf.Id], (await ListAsync(admin, $"keyword={word}")).Items.Select(p => p.Id));
    }

    [Theory]
    [InlineData("pageSize=101", HttpStatusCode.UnprocessableEntity)]
    [InlineData("categoryId=0", HttpStatusCode.UnprocessableEntity)]
    [InlineData("onShelf=maybe", HttpStatusCode.BadRequest)]
    [InlineData("page=x", HttpStatusCode.BadRequest)]
    public async Task Bad_product_list_parameters_are_refused(string query, HttpStatusCode status)
    {
        using var admin = await server.AdminClientAsync();
        await (await admin.GetAsync("/api/v1/admin/products?" + query)).ShouldBeProblem(status, status == HttpStatusCode.BadRequest ? "malformed_request" : "validation_failed");
        await (await admin.GetAsync("/api/v1/admin/products?keyword=" + new string('k', ProductSearch.MaxKeywordLength + 1)))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Theory]
    [InlineData("/api/v1/admin/products")]
    [InlineData("/api/v1/admin/orders/statistics")]
    [InlineData("/api/v1/admin/payments/statistics")]
    [InlineData("/api/v1/admin/payments/anomalies")]
    public async Task Customers_are_forbidden_and_strangers_unauthorized(string path)
    {
        var customer = await server.CreateUserAsync(Roles.Customer);
        await (await customer.Client.GetAsync(path)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await server.Client.GetAsync(path)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Orders_are_found_by_the_customers_phone_and_placement_time()
    {
        using var admin = await server.AdminClientAsync();
        var sku = await server.CreateSkuAsync(stock: 10);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        await (await customer.Client.PutAsJsonAsync("/api/v1/me/phone", new { phone })).ShouldBe(HttpStatusCode.NoContent);
        var first = await customer.Client.PlaceOkAsync(sku);
        var byAccount = await customer.Client.PlaceOkAsync(sku);
        await (await server.CreateUserAsync(Roles.Customer)).Client.PlaceOkAsync(sku);

        var found = await OrdersAsync(admin, $"phone={phone}");
        Assert.Equal([byAccount.Id, first.Id], found.Select(o => o.GetProperty("id").GetString()));
        var now = server.Clock.GetUtcNow();
        var window = $"placedFrom={Uri.EscapeDataString(now.AddHours(-1).ToString("O"))}&placedTo={Uri.EscapeDataString(now.AddHours(1).ToString("O"))}";
        Assert.Equal(2, (await OrdersAsync(admin, $"phone={phone}&{window}")).Count);
        var later = $"placedFrom={Uri.EscapeDataString(now.AddHours(1).ToString("O"))}";
        Assert.Empty(await OrdersAsync(admin, $"phone={phone}&{later}"));
        Assert.Single(await OrdersAsync(admin, $"phone={phone}&status=pendingPayment&number={byAccount.Number}"));
    }

    [Theory]
    [InlineData("phone=12345")]
    [InlineData("placedFrom=2026-06-02T00:00:00Z&placedTo=2026-06-01T00:00:00Z")]
    [InlineData("status=lost")]
    public async Task Bad_order_search_parameters_are_422(string query)
    {
        using var admin = await server.AdminClientAsync();
        await (await admin.GetAsync("/api/v1/admin/orders?" + query)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task The_dashboard_counts_todays_orders_and_payments_and_lists_anomalies()
    {
        using var admin = await server.AdminClientAsync();
        var ordersBefore = await StatisticsAsync(admin, "orders");
        var paymentsBefore = await StatisticsAsync(admin, "payments");

        var (customer, order, payment) = await server.CustomerPendingPaymentAsync(priceFen: 2590);
        var mismatch = await PayAsync(customer.Client, new { outTradeNo = payment.OutTradeNo, amountFen = 1 });
        Assert.Equal(400, Assert.Single(mismatch.Deliveries).Status);
        var paid = await PayAsync(customer.Client, new { outTradeNo = payment.OutTradeNo });
        Assert.Equal(204, Assert.Single(paid.Deliveries).Status);

        var orders = await StatisticsAsync(admin, "orders");
        var today = orders.GetProperty("today");
        Assert.Equal(ChinaCalendar.DayOf(server.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd"), today.GetProperty("date").GetString());
        Assert.Equal(Figure(ordersBefore, "today", "placed") + 1, today.GetProperty("placed").GetInt64());
        Assert.Equal(Figure(ordersBefore, "today", "gmvFen") + 2590, today.GetProperty("gmvFen").GetInt64());
        Assert.Equal(30, orders.GetProperty("days").GetArrayLength());
        Assert.Equal(StatusCount(ordersBefore, "byStatus", "paid") + 1, StatusCount(orders, "byStatus", "paid"));

        var payments = await StatisticsAsync(admin, "payments");
        Assert.Equal(Figure(paymentsBefore, "today", "succeededFen") + 2590, payments.GetProperty("today").GetProperty("succeededFen").GetInt64());
        Assert.Equal(Figure(paymentsBefore, "today", "anomalies") + 1, payments.GetProperty("today").GetProperty("anomalies").GetInt64());
        Assert.Equal(StatusCount(paymentsBefore, "payments", "succeeded") + 1, StatusCount(payments, "payments", "succeeded"));

        var anomalies = await (await admin.GetAsync("/api/v1/admin/payments/anomalies?outcome=amount_mismatch&pageSize=100")).ReadAs<JsonElement>();
        Assert.Contains(anomalies.GetProperty("items").EnumerateArray(),
            a => a.GetProperty("outTradeNo").GetString() == payment.OutTradeNo && a.GetProperty("paymentId").GetString() == payment.Id);
        var week = await (await admin.GetAsync("/api/v1/admin/orders/statistics?days=7")).ReadAs<JsonElement>();
        Assert.Equal(7, week.GetProperty("days").GetArrayLength());
        Assert.Equal(order.Number[3..11], week.GetProperty("days")[6].GetProperty("date").GetString()!.Replace("-", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/v1/admin/orders/statistics?days=0")]
    [InlineData("/api/v1/admin/payments/statistics?days=91")]
    [InlineData("/api/v1/admin/payments/anomalies?outcome=paid")]
    public async Task Bad_dashboard_parameters_are_422(string path)
    {
        using var admin = await server.AdminClientAsync();
        await (await admin.GetAsync(path)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task The_sandbox_says_which_providers_it_plays()
    {
        var status = await (await server.Client.GetAsync("/sandbox")).ReadAs<JsonElement>();
        Assert.Equal((true, true), (status.GetProperty("weChatPay").GetBoolean(), status.GetProperty("alipay").GetBoolean()));
    }

    private static async Task<PagedList<ProductListItem>> ListAsync(HttpClient admin, string query) =>
        await (await admin.GetAsync("/api/v1/admin/products?" + query)).ReadAs<PagedList<ProductListItem>>();

    private static async Task<List<JsonElement>> OrdersAsync(HttpClient admin, string query) =>
        [.. (await (await admin.GetAsync("/api/v1/admin/orders?" + query)).ReadAs<JsonElement>()).GetProperty("items").EnumerateArray()];

    private static async Task<JsonElement> StatisticsAsync(HttpClient admin, string module) =>
        await (await admin.GetAsync($"/api/v1/admin/{module}/statistics")).ReadAs<JsonElement>();

    private static long Figure(JsonElement report, string section, string name) => report.GetProperty(section).GetProperty(name).GetInt64();

    private static long StatusCount(JsonElement report, string list, string status) =>
        report.GetProperty(list).EnumerateArray().Single(c => c.GetProperty("status").GetString() == status).GetProperty("count").GetInt64();

    private static async Task<SandboxPayDto> PayAsync(HttpClient client, object body) =>
        await (await client.PostAsJsonAsync("/sandbox/wechatpay/pay", body)).ReadAs<SandboxPayDto>();
}

public sealed class AdminReadTestsOnSqlite(SqliteServer server) : AdminReadTests<SqliteServer>(server);

public sealed class AdminReadTestsOnPostgres(PostgresServer server) : AdminReadTests<PostgresServer>(server);
