using System.Globalization;
using System.Net;
using System.Text;
using Circula.Identity.Contracts;
using Circula.Tests.Catalog;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;

namespace Circula.Tests.Platform;

/// <summary>
/// Text a client sends, endpoint by endpoint and bad character by bad character: control characters, and in names bidi
/// overrides and invisible characters, are a 422 naming the field on both databases (PostgreSQL cannot even store NUL);
/// tab and line breaks pass where a field is multi-line.
/// </summary>
public abstract class ControlCharacterTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private enum Caller
    {
        Anonymous,
        Customer,
        Admin,
    }

    /// <summary>An endpoint and where the bad text goes: "@" in the body or the query stands for it.</summary>
    private sealed record Target(string Name, Caller Caller, HttpMethod Method, string Url, string? Body, string Field, bool IsName = false);

    private static readonly string Address = """{"name":"李四","phone":"13912345678","province":"浙江省","city":"杭州市","district":"西湖区","detail":"文三路 1 号"}""";

    private static readonly Target[] Targets =
    [
        new("login username", Caller.Anonymous, HttpMethod.Post, "/api/v1/auth/login", """{"username":"@","password":"x"}""", "username", IsName: true),
        new("login password", Caller.Anonymous, HttpMethod.Post, "/api/v1/auth/login", """{"username":"admin","password":"@"}""", "password"),
        new("refresh token", Caller.Anonymous, HttpMethod.Post, "/api/v1/auth/refresh", """{"refreshToken":"@"}""", "refreshToken"),
        new("product keyword", Caller.Anonymous, HttpMethod.Get, "/api/v1/products?keyword=@", null, "keyword"),
        new("phone", Caller.Customer, HttpMethod.Put, "/api/v1/me/phone", """{"phone":"13812345678@"}""", "phone"),
        new("address name", Caller.Customer, HttpMethod.Post, "/api/v1/me/addresses",
            """{"name":"@","phone":"13912345678","province":"浙江省","city":"杭州市","district":"西湖区","detail":"文三路 1 号"}""", "name", IsName: true),
        new("address detail", Caller.Customer, HttpMethod.Post, "/api/v1/me/addresses",
            """{"name":"李四","phone":"13912345678","province":"浙江省","city":"杭州市","district":"西湖区","detail":"@"}""", "detail"),
        new("order address", Caller.Customer, HttpMethod.Post, "/api/v1/orders",
            """{"lines":[{"skuId":1,"quantity":1}],"address":{"name":"李四","phone":"13912345678","province":"@","city":"杭州市","district":"西湖区","detail":"x"}}""",
            "address.province", IsName: true),
        new("order remark", Caller.Customer, HttpMethod.Post, "/api/v1/orders", $$"""{"lines":[{"skuId":1,"quantity":1}],"address":{{Address}},"remark":"@"}""", "remark"),
        new("cancel reason", Caller.Customer, HttpMethod.Post, "/api/v1/orders/1/cancel", """{"reason":"@"}""", "reason"),
        new("refund reason", Caller.Customer, HttpMethod.Post, "/api/v1/orders/1/refund-request", """{"reason":"@"}""", "reason"),
        new("category name", Caller.Admin, HttpMethod.Post, "/api/v1/admin/categories", """{"name":"@","kind":"shop","sortOrder":0}""", "name", IsName: true),
        new("product name", Caller.Admin, HttpMethod.Post, "/api/v1/admin/products",
            """{"categoryId":1,"name":"@","skus":[{"code":"A1","priceFen":100,"stockQuantity":1}]}""", "name", IsName: true),
        new("product description", Caller.Admin, HttpMethod.Post, "/api/v1/admin/products",
            """{"categoryId":1,"name":"袋","description":"@","skus":[{"code":"A1","priceFen":100,"stockQuantity":1}]}""", "description"),
        new("product attribute name", Caller.Admin, HttpMethod.Post, "/api/v1/admin/products",
            """{"categoryId":1,"name":"袋","attributes":{"@":"v"},"skus":[{"code":"A1","priceFen":100,"stockQuantity":1}]}""", "attributes", IsName: true),
        new("sku code", Caller.Admin, HttpMethod.Post, "/api/v1/admin/products",
            """{"categoryId":1,"name":"袋","skus":[{"code":"@","priceFen":100,"stockQuantity":1}]}""", "skus[0].code", IsName: true),
        new("stock reason", Caller.Admin, HttpMethod.Post, "/api/v1/admin/inventory/1/adjust", """{"delta":1,"reason":"@"}""", "reason"),
        new("ship carrier", Caller.Admin, HttpMethod.Post, "/api/v1/admin/orders/1/ship", """{"carrier":"@","trackingNumber":"SF1"}""", "carrier", IsName: true),
        new("order number filter", Caller.Admin, HttpMethod.Get, "/api/v1/admin/orders?number=@", null, "number"),
        new("user phone filter", Caller.Admin, HttpMethod.Get, "/api/v1/admin/users?phone=13812345678@", null, "phone"),
    ];

    private static readonly string[] MultiLine = ["order remark", "cancel reason", "refund reason", "product description", "stock reason"];

    /// <summary>Refused in every text field; line breaks and tab only in single-line ones.</summary>
    private static IEnumerable<string> BadFor(Target target)
    {
        string[] always = ["\0", "a\0b", "\u001b[31m", "\u0007", "\u007f", "\u0085"];
        string[] singleLine = ["line\nbreak", "tab\there", "cr\r"];
        string[] names = ["\u202Eevil", "zero\u200Bwidth", "\u2066iso\u2069", "\uFEFFbom"];
        return always.Concat(MultiLine.Contains(target.Name) ? [] : singleLine).Concat(target.IsName ? names : []);
    }

    [Fact]
    public async Task Every_text_field_refuses_control_characters_with_422_naming_the_field()
    {
        var clients = await ClientsAsync();
        var failures = new List<string>();
        foreach (var target in Targets)
        {
            foreach (var bad in BadFor(target))
            {
                var response = await clients[target.Caller].SendAsync(Request(target, bad));
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.UnprocessableEntity || !body.Contains("\"validation_failed\"", StringComparison.Ordinal)
                    || !body.Contains($"\"{target.Field}\"", StringComparison.Ordinal))
                {
                    failures.Add($"{target.Name} with {Visible(bad)}: {(int)response.StatusCode} {body}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task An_unpaired_surrogate_is_refused_not_stored()
    {
        var customer = await server.CreateUserAsync(Roles.Customer);
        var response = await customer.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/me/addresses")
        {
            Content = new StringContent("""{"name":"李四","phone":"13912345678","province":"浙江省","city":"杭州市","district":"西湖区","detail":"a\ud800b"}""",
                Encoding.UTF8, "application/json"),
        });

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
        var addresses = await customer.Client.GetAsync("/api/v1/me/addresses");
        Assert.Equal("[]", await addresses.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Multi_line_fields_keep_tabs_and_line_breaks_and_names_keep_emoji_joiners()
    {
        var sku = await server.CreateSkuAsync(stock: 5);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var placed = await customer.Client.PlaceAsync(Guid.NewGuid().ToString(),
            new { lines = new[] { new { skuId = sku.Id, quantity = 1 } }, address = OrderingTestApi.Address, remark = "放门口\n\t谢谢" });
        var order = await placed.ReadAs<System.Text.Json.JsonElement>(HttpStatusCode.Created);
        Assert.Equal("放门口\n\t谢谢", order.GetProperty("remark").GetString());

        var admin = await server.AdminClientAsync();
        var category = await admin.CreateCategoryAsync(CatalogTestApi.Unique("家庭"));
        var family = "\U0001F468\u200D\U0001F469\u200D\U0001F467 " + CatalogTestApi.Unique("套装");
        var product = await admin.CreateProductAsync(CatalogTestApi.NewProduct(category.Id, family, 990) with { Description = "第一行\n\t第二行" });
        Assert.Equal(family, product.Name);
    }

    [Fact]
    public async Task A_body_with_a_repeated_key_is_a_malformed_request()
    {
        var response = await server.Client.PostRawJsonAsync("/api/v1/auth/login", """{"username":"admin","username":"demo","password":"x"}""");

        await response.ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
    }

    private async Task<Dictionary<Caller, HttpClient>> ClientsAsync() => new()
    {
        [Caller.Anonymous] = server.Client,
        [Caller.Customer] = (await server.CreateUserAsync(Roles.Customer)).Client,
        [Caller.Admin] = await server.AdminClientAsync(),
    };

    private static HttpRequestMessage Request(Target target, string bad)
    {
        var url = target.Body is null ? target.Url.Replace("@", Uri.EscapeDataString(bad), StringComparison.Ordinal) : target.Url;
        var request = new HttpRequestMessage(target.Method, url);
        if (target.Body is not null)
        {
            request.Content = new StringContent(target.Body.Replace("@", JsonEscaped(bad), StringComparison.Ordinal), Encoding.UTF8, "application/json");
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        return request;
    }

    /// <summary>The text inside a JSON string literal, every character outside printable ASCII and CJK as \uXXXX.</summary>
    private static string JsonEscaped(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and < '\u007f' and not '"' and not '\\' ? c.ToString() : $"\\u{(int)c:x4}"));

    private static string Visible(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and < '\u007f' ? c.ToString() : $"U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)}"));
}

public sealed class ControlCharacterTestsOnSqlite(SqliteServer server) : ControlCharacterTests<SqliteServer>(server);

public sealed class ControlCharacterTestsOnPostgres(PostgresServer server) : ControlCharacterTests<PostgresServer>(server);
