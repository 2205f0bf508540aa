using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Platform;

public abstract class HostTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task Health_endpoints_answer_and_ready_checks_the_database()
    {
        var live = await server.Client.GetAsync("/health/live");
        await live.ShouldBe(HttpStatusCode.OK);
        var ready = await server.Client.GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("database").GetString());
    }

    [Fact]
    public async Task The_demo_customer_signs_in_and_has_a_masked_phone_and_an_address()
    {
        var tokens = await server.LoginAsync("demo", "circula-demo");
        var client = server.CreateClient(tokens.AccessToken);

        var me = await (await client.GetAsync("/api/v1/me")).ReadAs<JsonElement>();
        Assert.Contains("customer", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("138****8000", me.GetProperty("phone").GetString());
        var addresses = await (await client.GetAsync("/api/v1/me/addresses")).ReadAs<JsonElement>();
        Assert.Single(addresses.EnumerateArray());
    }

    [Fact]
    public async Task Unknown_route_is_a_404_problem()
    {
        var response = await server.Client.GetAsync("/api/v1/no-such-thing");
        await response.ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Swagger_ui_is_served_at_docs()
    {
        var response = await server.Client.GetAsync("/docs/index.html");
        await response.ShouldBe(HttpStatusCode.OK);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("callbacks")]
    [InlineData("sandbox")]
    public async Task Every_operation_documents_an_error_schema_and_examples(string name)
    {
        var document = await server.Client.GetFromJsonAsync<JsonElement>($"/openapi/{name}.json");
        var operations = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations++;
                var where = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var responses = operation.Value.GetProperty("responses").EnumerateObject().ToList();
                Assert.True(responses.Any(r => r.Name[0] is '4' or '5'), $"{where} documents no error response");
                foreach (var response in responses.Where(r => r.Value.TryGetProperty("content", out _)))
                {
                    foreach (var media in response.Value.GetProperty("content").EnumerateObject())
                    {
                        Assert.True(media.Value.TryGetProperty("schema", out _), $"{where} {response.Name} has no schema");
                        Assert.True(media.Value.TryGetProperty("example", out _), $"{where} {response.Name} has no example");
                    }
                }

                if (operation.Value.TryGetProperty("requestBody", out var body))
                {
                    foreach (var media in body.GetProperty("content").EnumerateObject())
                    {
                        Assert.True(media.Value.TryGetProperty("example", out _), $"{where} request body has no example");
                    }
                }
            }
        }

        Assert.True(operations > 0);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_order_transition()
    {
        var document = await server.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var orders = document.GetProperty("tags").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Orders");
        var description = orders.GetProperty("description").GetString()!;
        foreach (var transition in Circula.Ordering.OrderStateMachine.Machine.Transitions)
        {
            Assert.Matches($@"{transition.From}\s+--{transition.Trigger}--> {transition.To}\b", description);
        }
    }
}

public sealed class HostTestsOnSqlite(SqliteServer server) : HostTests<SqliteServer>(server);

public sealed class HostTestsOnPostgres(PostgresServer server) : HostTests<PostgresServer>(server);
