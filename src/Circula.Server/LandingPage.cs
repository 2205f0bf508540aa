using System.Net;
using Circula.Identity;
using Microsoft.Extensions.Options;

namespace Circula.Server;

/// <summary>
/// <c>GET /</c>: a small page saying what this server is, with links to the API docs (when served), the admin console and
/// health; in Development also the demo sign-ins, so a first <c>dotnet run</c> shows where to go next.
/// </summary>
internal static class LandingPage
{
    private const string Resource = "Circula.Server.LandingPage.html";

    public static void MapLandingPage(this WebApplication app)
    {
        var demoPassword = app.Environment.IsDevelopment()
            ? app.Services.GetRequiredService<IOptions<BootstrapOptions>>().Value.DemoCustomerPassword
            : null;
        var html = Render(Template(), app.Configuration.ServesApiDocs(), demoPassword);
        app.MapGet("/", (HttpResponse response) =>
            {
                // The page loads nothing: no script, no frame, no outside resource.
                response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
                return TypedResults.Content(html, "text/html; charset=utf-8");
            })
            .AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>The page; <paramref name="demoPassword"/> is given in Development only, where the demo sign-ins are shown.</summary>
    internal static string Render(string template, bool docs, string? demoPassword)
    {
        var links = docs
            ? """
                <li><a href="/docs">API documentation</a> (接口文档, Swagger UI) and the OpenAPI document <a href="/openapi/v1.json">/openapi/v1.json</a></li>
              """
            : """
                <li>API documentation is off on this server (<code>Circula:Api:Docs=true</code> serves <code>/docs</code>)</li>
              """;
        var demo = demoPassword is not null
            ? $"""
              <div class="demo">
              <p><strong>Development:</strong> demo sign-ins (演示账号)</p>
              <ul>
                <li>customer <code>{IdentityDemoData.DemoCustomerUsername}</code> / <code>{WebUtility.HtmlEncode(demoPassword)}</code> (POST /api/v1/auth/login)</li>
                <li>operator <code>{WebUtility.HtmlEncode(AdminBootstrap.AdminUsername)}</code>, with the password printed once at the first start (or <code>Circula__Bootstrap__AdminPassword</code>)</li>
              </ul>
              </div>
              """
            : "";
        return template.Replace("<!-- links -->\n", links, StringComparison.Ordinal).Replace("<!-- development -->\n", demo, StringComparison.Ordinal);
    }

    private static string Template()
    {
        using var stream = typeof(LandingPage).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"{Resource} is not embedded in the server");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
