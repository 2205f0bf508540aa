using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Circula.Bench;

/// <summary>A signed-in customer: the id from the token's subject and the bearer token itself.</summary>
public sealed record Buyer(long UserId, string AccessToken);

public sealed record StockFigures(int OnHand, int Reserved, int Available);

/// <summary>The few calls the benchmark makes, as a mini program or the admin console would make them.</summary>
public sealed class CirculaApi(HttpClient http)
{
    public static readonly object Address = new { name = "李四", phone = "13912345678", province = "浙江省", city = "杭州市", district = "西湖区", detail = "文三路 1 号" };

    /// <summary>One connection pool for up to <paramref name="connections"/> requests at once, kept open for the whole run.</summary>
    public static CirculaApi Connect(string baseUrl, int connections) =>
        new(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        });

    /// <summary>
    /// Connects to --base, signs in as admin with --admin-password and names the run (8 hex characters that keep the
    /// names it creates unique).
    /// </summary>
    public static async Task<(CirculaApi Api, string Admin, string Run)> ConnectAsAdminAsync(BenchArgs args, int connections)
    {
        var api = Connect(args.Text("base"), connections);
        return (api, await api.AdminLoginAsync(args.Text("admin-password")), Guid.NewGuid().ToString("N")[..8]);
    }

    public async Task<string> AdminLoginAsync(string password) =>
        (await SendAsync(HttpMethod.Post, "/api/v1/auth/login", null, new { username = "admin", password }, HttpStatusCode.OK))
        .GetProperty("accessToken").GetString()!;

    public async Task<Buyer> SignInBuyerAsync(string code)
    {
        var token = (await SendAsync(HttpMethod.Post, "/api/v1/auth/wechat", null, new { code }, HttpStatusCode.OK)).GetProperty("accessToken").GetString()!;
        return new Buyer(SubjectOf(token), token);
    }

    public async Task<long> CreateCategoryAsync(string admin, string name) =>
        (await SendAsync(HttpMethod.Post, "/api/v1/admin/categories", admin, new { name, kind = "shop", sortOrder = 0 }, HttpStatusCode.Created))
        .GetProperty("id").GetInt64();

    /// <summary>A new on-shelf product with one SKU of <paramref name="stock"/> pieces; returns the SKU id.</summary>
    public async Task<long> CreateOnShelfSkuAsync(string admin, long categoryId, string name, int stock)
    {
        var product = await SendAsync(HttpMethod.Post, "/api/v1/admin/products", admin, new
        {
            categoryId,
            name,
            description = "压测商品",
            attributes = new Dictionary<string, string> { ["成色"] = "95新" },
            skus = new[] { new { code = name, specs = new Dictionary<string, string>(), priceFen = 1990, stockQuantity = stock } },
        }, HttpStatusCode.Created);
        var productId = product.GetProperty("id").GetInt64();
        await SendAsync(HttpMethod.Post, $"/api/v1/admin/products/{productId}/on-shelf", admin, null, HttpStatusCode.OK);
        return product.GetProperty("skus")[0].GetProperty("id").GetInt64();
    }

    /// <summary>One order of one piece; the caller reads the status.</summary>
    public async Task<HttpStatusCode> PlaceOrderAsync(string token, long skuId, string idempotencyKey)
    {
        using var request = Request(HttpMethod.Post, "/api/v1/orders", token, new { lines = new[] { new { skuId, quantity = 1 } }, address = Address });
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response.StatusCode;
    }

    public async Task<StockFigures> StockAsync(string admin, long skuId)
    {
        var level = await SendAsync(HttpMethod.Get, $"/api/v1/admin/inventory/{skuId}", admin, null, HttpStatusCode.OK);
        return new StockFigures(level.GetProperty("onHand").GetInt32(), level.GetProperty("reserved").GetInt32(), level.GetProperty("available").GetInt32());
    }

    /// <summary>How many orders exist in the database, whoever placed them.</summary>
    public async Task<long> OrderCountAsync(string admin) =>
        (await SendAsync(HttpMethod.Get, "/api/v1/admin/orders?pageSize=1", admin, null, HttpStatusCode.OK)).GetProperty("total").GetInt64();

    /// <summary>The user id in an access token's "sub" claim (the token is the server's own; no need to verify it here).</summary>
    private static long SubjectOf(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=')));
        using var claims = JsonDocument.Parse(json);
        return long.Parse(claims.RootElement.GetProperty("sub").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? token, object? body, HttpStatusCode expected)
    {
        using var request = Request(method, path, token, body);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}, expected {(int)expected}: {text}");
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
