using System.Text.Json;
using System.Text.Json.Nodes;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Docs;

/// <summary>
/// The OpenAPI documents are a contract clients are generated from. docs/openapi/ holds their published copies, which
/// scripts/check-openapi.sh lints with Redocly's recommended rules and turns into a compiled TypeScript client (./test.sh
/// runs it); this keeps the copies equal to what the server serves (<c>CIRCULA_WRITE_DOCS=1</c> rewrites them) and checks
/// what no linter knows about this API.
/// </summary>
public sealed class OpenApiContractTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    public static readonly TheoryData<string> Documents = new() { "v1", "callbacks", "sandbox" };

    private async Task<JsonObject> DocumentAsync(string name) =>
        JsonNode.Parse(await server.Client.GetStringAsync($"/openapi/{name}.json"))!.AsObject();

    private static IEnumerable<(string Where, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        select ($"{operation.Key.ToUpperInvariant()} {path.Key}", operation.Value!.AsObject());

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task The_published_copy_in_docs_openapi_is_the_served_document(string name)
    {
        var document = await DocumentAsync(name);
        // The address of the server that happened to answer is no part of the contract; the published copy names where
        // `dotnet run` listens.
        document["servers"] = new JsonArray(new JsonObject { ["url"] = "http://127.0.0.1:5080", ["description"] = "dotnet run --project src/Circula.Server" });
        GeneratedDocs.AssertFile($"docs/openapi/{name}.json", document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Every_operation_and_parameter_has_a_description_and_says_who_may_call_it(string name)
    {
        var operations = Operations(await DocumentAsync(name)).ToList();
        Assert.NotEmpty(operations);
        foreach (var (where, operation) in operations)
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)operation["description"]), $"{where} has no description");
            Assert.False(string.IsNullOrWhiteSpace((string?)operation["summary"]), $"{where} has no summary");
            Assert.True(operation["security"] is JsonArray, $"{where} does not state its security (security: [] when public)");
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                Assert.False(string.IsNullOrWhiteSpace((string?)parameter!["description"]),
                    $"{where}: parameter {parameter["name"]} has no description (add it to ParameterGlossary or describe it at the endpoint)");
            }
        }
    }

    [Fact]
    public async Task Public_operations_say_security_is_empty_and_signed_in_ones_name_the_bearer_scheme()
    {
        var operations = Operations(await DocumentAsync("v1")).ToDictionary(o => o.Where, o => o.Operation);
        Assert.Empty(operations["POST /api/v1/auth/login"]["security"]!.AsArray());
        Assert.Empty(operations["GET /api/v1/products"]["security"]!.AsArray());
        var placeOrder = operations["POST /api/v1/orders"]["security"]!.AsArray();
        Assert.True(placeOrder.Single()!.AsObject().ContainsKey("Bearer"));
        Assert.Contains("orders.manage", (string?)operations["POST /api/v1/admin/orders/{id}/ship"]["description"]);
    }

    [Fact]
    public async Task Sandbox_and_provider_callbacks_are_in_their_own_documents_and_customer_tags_come_first()
    {
        var api = await DocumentAsync("v1");
        var paths = api["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.DoesNotContain(paths, p => p.StartsWith("/sandbox", StringComparison.Ordinal));
        Assert.DoesNotContain(paths, p => p.EndsWith("notify", StringComparison.Ordinal));
        Assert.Equal(["/api/v1/payments/alipay/notify", "/api/v1/payments/wechatpay/notify", "/api/v1/payments/wechatpay/refund-notify",
                "/api/v1/payments/wechatpay/transfer-notify"],
            (await DocumentAsync("callbacks"))["paths"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.All((await DocumentAsync("sandbox"))["paths"]!.AsObject(), p => Assert.StartsWith("/sandbox", p.Key, StringComparison.Ordinal));

        var tags = api["tags"]!.AsArray().Select(t => (string)t!["name"]!).ToList();
        Assert.Equal(["Auth", "Me", "Catalog", "Orders", "Payments"], tags.Take(5));
        Assert.All(api["tags"]!.AsArray(), t => Assert.False(string.IsNullOrWhiteSpace((string?)t!["description"]), $"tag {t["name"]} has no description"));
    }

    [Fact]
    public async Task Problem_details_carry_code_trace_id_and_field_errors()
    {
        var problem = (await DocumentAsync("v1"))["components"]!["schemas"]!["ProblemDetails"]!;
        var properties = problem["properties"]!.AsObject();
        foreach (var member in new[] { "code", "traceId", "errors", "retryAfter" })
        {
            Assert.True(properties.ContainsKey(member), $"ProblemDetails has no {member}");
        }

        Assert.Contains("code", problem["required"]!.AsArray().Select(r => (string?)r));
        Assert.Contains("traceId", problem["required"]!.AsArray().Select(r => (string?)r));
    }

    [Fact]
    public async Task Payment_provider_and_channel_are_enums_of_what_the_server_knows()
    {
        var request = (await DocumentAsync("v1"))["components"]!["schemas"]!["CreatePaymentRequest"]!["properties"]!;
        Assert.Equal(["alipay", "wechatpay"], Enum(request["provider"]!).Where(v => v is not null).Order(StringComparer.Ordinal));
        Assert.Equal(["jsapi", "native", "page", "wap"], Enum(request["channel"]!).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string?> Enum(JsonNode schema) => schema["enum"]!.AsArray().Select(v => (string?)v);

    [Fact]
    public async Task Placing_an_order_requires_an_idempotency_key_and_not_a_remark()
    {
        var api = await DocumentAsync("v1");
        var placeOrder = api["paths"]!["/api/v1/orders"]!["post"]!;
        var key = placeOrder["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "Idempotency-Key")!;
        Assert.True((bool?)key["required"]);
        var required = api["components"]!["schemas"]!["PlaceOrderRequest"]!["required"]!.AsArray().Select(r => (string?)r).ToList();
        Assert.Equal(["lines", "address"], required);
        Assert.NotNull(placeOrder["responses"]!["201"]!["headers"]!["Idempotent-Replayed"]);
        Assert.NotNull(placeOrder["responses"]!["201"]!["headers"]!["Location"]);
    }

    [Fact]
    public async Task Response_headers_and_conditional_requests_are_documented()
    {
        var paths = (await DocumentAsync("v1"))["paths"]!;
        var product = paths["/api/v1/products/{id}"]!["get"]!;
        Assert.NotNull(product["responses"]!["200"]!["headers"]!["ETag"]);
        Assert.Contains(product["parameters"]!.AsArray(), p => (string?)p!["name"] == "If-None-Match" && (string?)p["in"] == "header");
        Assert.NotNull(paths["/api/v1/admin/products/{id}"]!["put"]!["responses"]!["200"]!["headers"]!["ETag"]);
        Assert.NotNull(paths["/api/v1/auth/login"]!["post"]!["responses"]!["429"]!["headers"]!["Retry-After"]);
        Assert.All(Operations(await DocumentAsync("v1")), o =>
            Assert.True(o.Operation["responses"]!["503"]?["headers"]?["Retry-After"] is not null, $"{o.Where} documents no 503 with Retry-After"));
    }
}
