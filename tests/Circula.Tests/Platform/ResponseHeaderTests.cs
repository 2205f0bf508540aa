using System.Net;
using System.Net.Http.Json;
using Circula.Identity;
using Circula.Identity.Contracts;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Platform;

/// <summary>Tokens and personal data are never cached (RFC 6749 §5.1); no answer names the server software.</summary>
public abstract class ResponseHeaderTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task Token_answers_are_not_stored()
    {
        var login = await server.Client.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password = CirculaServer.AdminPassword });
        await login.ShouldBe(HttpStatusCode.OK);
        ShouldNotBeStored(login);

        var tokens = await login.Content.ReadFromJsonAsync<TokenResponse>();
        var refreshed = await server.Client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens!.RefreshToken });
        await refreshed.ShouldBe(HttpStatusCode.OK);
        ShouldNotBeStored(refreshed);
    }

    [Theory]
    [InlineData("/api/v1/me")]
    [InlineData("/api/v1/me/addresses")]
    [InlineData("/api/v1/orders")]
    public async Task Answers_with_personal_data_are_not_stored(string url)
    {
        var customer = await server.CreateUserAsync(Roles.Customer);

        var response = await customer.Client.GetAsync(url);

        await response.ShouldBe(HttpStatusCode.OK);
        ShouldNotBeStored(response);
    }

    [Fact]
    public async Task Operator_lists_of_people_and_orders_are_not_stored()
    {
        var admin = await server.AdminClientAsync();
        foreach (var url in new[] { "/api/v1/admin/users", "/api/v1/admin/orders" })
        {
            var response = await admin.GetAsync(url);
            await response.ShouldBe(HttpStatusCode.OK);
            ShouldNotBeStored(response);
        }
    }

    [Fact]
    public async Task Public_catalog_answers_stay_cacheable_and_no_answer_names_the_server()
    {
        foreach (var url in new[] { "/api/v1/products", "/api/v1/categories", "/health/live", "/no-such-page" })
        {
            var response = await server.Client.GetAsync(url);
            Assert.False(response.Headers.Contains("Server"), $"{url} has a Server header");
            if (url.StartsWith("/api/", StringComparison.Ordinal))
            {
                Assert.False(response.Headers.CacheControl?.NoStore ?? false, $"{url} is no-store");
            }
        }
    }

    private static void ShouldNotBeStored(HttpResponseMessage response)
    {
        Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage?.RequestUri} has Cache-Control: {response.Headers.CacheControl}");
        Assert.Equal("no-cache", response.Headers.Pragma.ToString());
        Assert.False(response.Headers.Contains("Server"));
    }
}

public sealed class ResponseHeaderTestsOnSqlite(SqliteServer server) : ResponseHeaderTests<SqliteServer>(server);

public sealed class ResponseHeaderTestsOnPostgres(PostgresServer server) : ResponseHeaderTests<PostgresServer>(server);

/// <summary>A Production server as configured out of the box: no API documentation unless Circula:Api:Docs turns it on.</summary>
public sealed class ApiDocsDefaultTests(ApiDocsDefaultTests.ProductionDefaults server) : IClassFixture<ApiDocsDefaultTests.ProductionDefaults>
{
    public sealed class ProductionDefaults : SqliteServer
    {
        protected override bool ServesApiDocs => false;
    }

    [Theory]
    [InlineData("/docs/index.html")]
    [InlineData("/openapi/v1.json")]
    public async Task Production_serves_no_api_documentation_by_default(string url)
    {
        var response = await server.Client.GetAsync(url);

        await response.ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }
}
