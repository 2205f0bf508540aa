using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;

namespace Circula.Tests.Platform;

/// <summary>
/// <c>/metrics</c> on a server over PostgreSQL after real traffic: HTTP requests by route template and status, Npgsql
/// pools, the runtime, and Circula's business and outbox meters, in a format <c>promtool check metrics</c> (Debian's
/// prometheus package, installed by ./test.sh) accepts.
/// </summary>
public sealed class MetricsTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Metrics_after_an_order_carry_http_runtime_pool_business_and_outbox_series_and_pass_promtool()
    {
        var sku = await server.CreateSkuAsync(stock: 1, priceFen: 2590);
        var customer = await server.CreateUserAsync("customer");
        var order = await customer.Client.PlaceOkAsync(sku);
        Assert.Equal(HttpStatusCode.Conflict, (await customer.Client.PlaceAsync("metrics-" + Guid.NewGuid().ToString("N"), (sku.Id, 1))).StatusCode);
        // Histograms are recorded as requests end and deliveries finish, a moment after the answers arrive.
        await server.EventuallyAsync(async () => await ScrapeAsync() is var scraped &&
            scraped.Contains("circula_outbox_delivery_lag_seconds_count{", StringComparison.Ordinal) &&
            scraped.Contains("http_response_status_code=\"409\",http_route=\"/api/v1/orders/\"", StringComparison.Ordinal));

        var text = await ScrapeAsync();
        Assert.Contains("http_server_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("http_response_status_code=\"409\",http_route=\"/api/v1/orders/\"", text, StringComparison.Ordinal);
        Assert.Contains("circula_orders_placed_total{otel_scope_name=\"Circula.Ordering\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains($"circula_orders_placed_value_fen_total{{otel_scope_name=\"Circula.Ordering\"}} {order.TotalFen}\n", text, StringComparison.Ordinal);
        Assert.Contains("circula_stock_outs_total{otel_scope_name=\"Circula.Inventory\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("circula_events_saved_total{", text, StringComparison.Ordinal);
        Assert.Contains("type=\"order.placed.v1\"", text, StringComparison.Ordinal);
        Assert.Contains("db_client_connections{", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_", text, StringComparison.Ordinal);

        var (exit, output) = await PromtoolAsync(text);
        Assert.True(exit == 0, $"promtool check metrics failed ({exit}):\n{output}");
    }

    [Fact]
    public async Task Metrics_are_plain_text_and_answer_get_only()
    {
        using var response = await server.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await server.Client.PostAsync("/metrics", null)).StatusCode);
    }

    private async Task<string> ScrapeAsync()
    {
        using var response = await server.Client.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    internal static async Task<(int Exit, string Output)> PromtoolAsync(string metrics)
    {
        var info = new ProcessStartInfo("promtool", ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("promtool could not be started; ./test.sh installs Debian's prometheus package");
        await process.StandardInput.WriteAsync(metrics);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}

/// <summary>A server that serves metrics only to 10.0.0.0/8 and to holders of the token.</summary>
public sealed class TokenMetricsServer : SqliteServer
{
    public const string Token = "metrics-token-0123456789abcdef0123456789";

    protected override IEnumerable<string> ExtraSettings => [.. base.ExtraSettings, "Circula:Metrics:AllowedNetworks:0=10.0.0.0/8", $"Circula:Metrics:Token={Token}"];
}

public sealed class MetricsAccessTests(TokenMetricsServer server) : IClassFixture<TokenMetricsServer>
{
    [Fact]
    public async Task Outside_the_allowed_networks_only_the_token_opens_the_metrics()
    {
        using var refused = await server.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("forbidden", problem.RootElement.GetProperty("code").GetString());

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", TokenMetricsServer.Token + "x") } };
        Assert.Equal(HttpStatusCode.Forbidden, (await server.Client.SendAsync(wrong)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", TokenMetricsServer.Token) } };
        using var answer = await server.Client.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("# TYPE", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
