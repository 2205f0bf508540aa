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
        using var request = PlaceOrderRequest(token, skuId, idempotencyKey);
        using var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response.StatusCode;
    }

    /// <summary>One order of one piece that must be placed (201); returns its id.</summary>
    public async Task<string> PlaceOrderForIdAsync(string token, long skuId, string idempotencyKey)
    {
        using var request = PlaceOrderRequest(token, skuId, idempotencyKey);
        return (await SendAsync(request, HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    /// <summary>One order of one piece that may fail in any way: the answer, or what broke when there was none.</summary>
    public async Task<PlaceAttempt> TryPlaceOrderAsync(string token, long skuId, string idempotencyKey)
    {
        using var request = PlaceOrderRequest(token, skuId, idempotencyKey);
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            string? id = null;
            if (response.StatusCode == HttpStatusCode.Created)
            {
                using var order = JsonDocument.Parse(text);
                id = order.RootElement.GetProperty("id").GetString();
            }

            return new PlaceAttempt(response.StatusCode, id, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            var refused = e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }
                && e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused };
            return new PlaceAttempt(null, null, refused ? "refused" : "broken");
        }
    }

    /// <summary>Starts a WeChat Pay JSAPI payment of the customer's order (201); returns its id and out_trade_no.</summary>
    public async Task<(string PaymentId, string OutTradeNo)> CreateWeChatPayPaymentAsync(string token, string orderId)
    {
        var payment = await SendAsync(HttpMethod.Post, "/api/v1/payments", token, new { orderId, channel = "jsapi" }, HttpStatusCode.Created);
        return (payment.GetProperty("id").GetString()!, payment.GetProperty("outTradeNo").GetString()!);
    }

    /// <summary>
    /// The WeChat Pay sandbox "pays" the prepay: it posts <paramref name="copies"/> identical signed, encrypted
    /// notifications at once to our notify URL and answers with what each delivery got; returns those statuses.
    /// </summary>
    public async Task<int[]> SandboxPayAsync(string outTradeNo, int copies)
    {
        var answer = await SendAsync(HttpMethod.Post, "/sandbox/wechatpay/pay", null, new { outTradeNo, duplicates = copies }, HttpStatusCode.OK);
        return answer.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("status").GetInt32()).ToArray();
    }

    /// <summary>One order in full, with its history, as an operator reads it.</summary>
    public Task<JsonElement> OrderAsync(string admin, string orderId) =>
        SendAsync(HttpMethod.Get, $"/api/v1/admin/orders/{orderId}", admin, null, HttpStatusCode.OK);

    /// <summary>The payment's status as its customer reads it ("succeeded", "pending", ...).</summary>
    public async Task<string> PaymentStatusAsync(string token, string paymentId) =>
        (await SendAsync(HttpMethod.Get, $"/api/v1/payments/{paymentId}", token, null, HttpStatusCode.OK)).GetProperty("status").GetString()!;

    /// <summary>The payloads of every outbox message of one type, page by page (at most 100 a page).</summary>
    public async Task<List<JsonElement>> OutboxPayloadsAsync(string admin, string type)
    {
        var payloads = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var list = await SendAsync(HttpMethod.Get, $"/api/v1/admin/outbox?type={Uri.EscapeDataString(type)}&page={page}&pageSize=100", admin, null, HttpStatusCode.OK);
            var items = list.GetProperty("items").EnumerateArray().ToList();
            foreach (var item in items)
            {
                using var payload = JsonDocument.Parse(item.GetProperty("payload").GetString()!);
                payloads.Add(payload.RootElement.Clone());
            }

            if (items.Count < 100)
            {
                return payloads;
            }
        }
    }

    public async Task<StockFigures> StockAsync(string admin, long skuId)
    {
        var level = await SendAsync(HttpMethod.Get, $"/api/v1/admin/inventory/{skuId}", admin, null, HttpStatusCode.OK);
        return new StockFigures(level.GetProperty("onHand").GetInt32(), level.GetProperty("reserved").GetInt32(), level.GetProperty("available").GetInt32());
    }

    /// <summary>How many orders exist in the database (of one status, e.g. "paid", when given), whoever placed them.</summary>
    public async Task<long> OrderCountAsync(string admin, string? status = null) =>
        (await SendAsync(HttpMethod.Get, "/api/v1/admin/orders?pageSize=1" + (status is null ? "" : "&status=" + status), admin, null, HttpStatusCode.OK))
        .GetProperty("total").GetInt64();

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

    private static HttpRequestMessage PlaceOrderRequest(string token, long skuId, string idempotencyKey)
    {
        var request = Request(HttpMethod.Post, "/api/v1/orders", token, new { lines = new[] { new { skuId, quantity = 1 } }, address = Address });
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? token, object? body, HttpStatusCode expected)
    {
        using var request = Request(method, path, token, body);
        return await SendAsync(request, expected);
    }

    private async Task<JsonElement> SendAsync(HttpRequestMessage request, HttpStatusCode expected)
    {
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}: {text}");
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
