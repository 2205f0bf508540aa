using System.Net;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Admin;

/// <summary>A server whose admin console folder holds a built console (an index page and one bundle).</summary>
public sealed class BuiltConsoleServer : SqliteServer
{
    public const string IndexHtml = "<!doctype html><title>console</title><div id=\"app\"></div>";
    public const string Bundle = "console.log('circula')";

    private readonly string _folder = Directory.CreateTempSubdirectory("circula-admin-ui-").FullName;

    public BuiltConsoleServer()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "assets"));
        File.WriteAllText(Path.Combine(_folder, "index.html"), IndexHtml);
        File.WriteAllText(Path.Combine(_folder, "assets", "index-abc123.js"), Bundle);
    }

    protected override IEnumerable<string> ExtraSettings => [.. base.ExtraSettings, $"Circula:AdminUi:Directory={_folder}"];
}

/// <summary>A server built without Node.js: its admin console folder is empty.</summary>
public sealed class UnbuiltConsoleServer : SqliteServer
{
    protected override IEnumerable<string> ExtraSettings =>
        [.. base.ExtraSettings, $"Circula:AdminUi:Directory={Directory.CreateTempSubdirectory("circula-admin-ui-").FullName}"];
}

public sealed class AdminConsoleTests(BuiltConsoleServer server) : IClassFixture<BuiltConsoleServer>
{
    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/")]
    [InlineData("/admin/orders")]
    [InlineData("/admin/orders/7214567890123456789?tab=payments")]
    public async Task Every_console_page_is_answered_with_the_index_so_a_reload_or_a_shared_link_works(string path)
    {
        var response = await server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(BuiltConsoleServer.IndexHtml, await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl?.NoCache, "the index must be revalidated so a new build is picked up");
    }

    [Fact]
    public async Task Bundles_are_served_as_files_and_cached_for_good()
    {
        var response = await server.Client.GetAsync("/admin/assets/index-abc123.js");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(BuiltConsoleServer.Bundle, await response.Content.ReadAsStringAsync());
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task A_missing_bundle_is_404_not_the_index()
    {
        var response = await server.Client.GetAsync("/admin/assets/gone-000000.js");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_console_is_not_in_the_api_document()
    {
        var document = await server.Client.GetStringAsync("/openapi/v1.json");
        Assert.DoesNotContain("\"/admin", document);
    }
}

public sealed class UnbuiltAdminConsoleTests(UnbuiltConsoleServer server) : IClassFixture<UnbuiltConsoleServer>
{
    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/dashboard")]
    public async Task Without_a_built_console_admin_explains_how_to_build_it(string path)
    {
        var response = await server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Node.js 20", page);
        Assert.Contains("dotnet build", page);
    }
}
