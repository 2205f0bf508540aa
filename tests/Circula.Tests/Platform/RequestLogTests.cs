using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Platform;

/// <summary>The server as operators run it (Production, its own process): JSON log lines on stdout that a collector joins to traces.</summary>
public sealed class RequestLogTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    private const string CallerTraceId = "0af7651916cd43dd8448eb211c80319c";

    [Fact]
    public async Task A_request_is_one_json_line_with_route_status_duration_and_the_callers_trace_id_which_the_problem_repeats()
    {
        await using var process = await ServerProcess.StartAsync(server, "Logging:LogLevel:Circula.Requests=Information");
        using var client = process.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/products/987654321987");
        request.Headers.Add("traceparent", $"00-{CallerTraceId}-b7ad6b7169203331-01");

        using var response = await client.SendAsync(request);

        await response.ShouldBe(HttpStatusCode.NotFound);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(CallerTraceId, problem.GetProperty("traceId").GetString(), StringComparison.Ordinal);

        var line = await RequestLineAsync(process, "/api/v1/products/{id:long}");
        Assert.Equal("Information", line.GetProperty("LogLevel").GetString());
        Assert.EndsWith("Z", line.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
        var state = line.GetProperty("State");
        Assert.Equal("GET", state.GetProperty("Method").GetString());
        Assert.Equal(404, state.GetProperty("StatusCode").GetInt32());
        Assert.True(state.GetProperty("DurationMs").GetDouble() >= 0);
        var trace = line.GetProperty("Scopes").EnumerateArray().First(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out _));
        Assert.Equal(CallerTraceId, trace.GetProperty("TraceId").GetString());
        Assert.Matches("^[0-9a-f]{16}$", trace.GetProperty("SpanId").GetString());
    }

    [Fact]
    public async Task Health_probes_are_not_logged_at_information()
    {
        await using var process = await ServerProcess.StartAsync(server, "Logging:LogLevel:Circula.Requests=Information");
        using var client = process.CreateClient();
        (await client.GetAsync("/health/live")).EnsureSuccessStatusCode();
        (await client.GetAsync("/api/v1/categories")).EnsureSuccessStatusCode();

        await RequestLineAsync(process, "/api/v1/categories/");
        Assert.DoesNotContain("\"Route\":\"/health/live\"", process.Output, StringComparison.Ordinal);
    }

    /// <summary>The request line for <paramref name="route"/>; the console logger writes from a queue, so it may come a moment after the answer.</summary>
    private static async Task<JsonElement> RequestLineAsync(ServerProcess process, string route)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            foreach (var text in process.Output.Split('\n'))
            {
                if (!text.StartsWith('{') || !text.Contains("\"Circula.Requests\"", StringComparison.Ordinal))
                {
                    continue;
                }

                var line = JsonDocument.Parse(text).RootElement;
                if (line.GetProperty("State").GetProperty("Route").GetString() == route)
                {
                    return line;
                }
            }

            await Task.Delay(50);
        }

        Assert.Fail($"No request line for {route} in:\n{process.Output}");
        return default;
    }
}
