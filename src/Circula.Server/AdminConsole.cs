using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Circula.Server;

/// <summary>
/// The admin console at /admin: the files `dotnet build` put in the output's admin-ui/ folder, with every other path under
/// /admin answered by index.html (the console routes in the browser). When the console was not built, /admin explains how.
/// </summary>
internal static class AdminConsole
{
    public const string PathBase = "/admin";

    /// <summary>The folder holding the built console: <c>Circula:AdminUi:Directory</c>, else admin-ui/ beside the server.</summary>
    public static string Directory(IConfiguration configuration) =>
        configuration["Circula:AdminUi:Directory"] is { Length: > 0 } configured
            ? System.IO.Path.GetFullPath(configured)
            : System.IO.Path.Combine(AppContext.BaseDirectory, "admin-ui");

    public static void UseAdminConsoleFiles(this WebApplication app)
    {
        var root = Directory(app.Configuration);
        if (File.Exists(System.IO.Path.Combine(root, "index.html")))
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(root),
                RequestPath = PathBase,
                ContentTypeProvider = new FileExtensionContentTypeProvider(),
                // Bundles carry a content hash in their names and never change; index.html is asked again each time.
                OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                    context.File.Name == "index.html" ? "no-cache" : "public, max-age=31536000, immutable",
            });
        }
    }

    public static void MapAdminConsole(this WebApplication app)
    {
        var index = System.IO.Path.Combine(Directory(app.Configuration), "index.html");
        // Routes without a file extension are the console's own pages; a missing asset stays a 404.
        foreach (var pattern in new[] { PathBase, PathBase + "/{**page:nonfile}" })
        {
            app.MapGet(pattern, (HttpContext context) =>
            {
                if (!File.Exists(index))
                {
                    return Results.Content(NotBuiltPage, "text/html; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
                }

                context.Response.Headers.CacheControl = "no-cache";
                return Results.File(index, "text/html; charset=utf-8");
            }).ExcludeFromDescription();
        }
    }

    private const string NotBuiltPage = """
        <!doctype html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>Circula admin console not built</title>
        <style>body{font-family:sans-serif;max-width:720px;margin:48px auto;padding:0 16px;line-height:1.6}code,pre{background:#f3f3f3;padding:2px 4px}</style></head>
        <body>
        <h1>管理后台尚未构建 · The admin console is not built</h1>
        <p>The admin console (<code>ui/admin</code>) is built by <code>dotnet build</code> when Node.js 20 or newer is on the PATH.
        This server was built without it (the build printed warning CIRCULA0001).</p>
        <ol>
          <li>Install Node.js 20+ (for example <code>apt-get install nodejs npm</code>, or from nodejs.org).</li>
          <li>Build again: <pre>dotnet build src/Circula.Server</pre> or run <code>dotnet run --project src/Circula.Server</code>, which builds first.</li>
          <li>Reload this page.</li>
        </ol>
        <p>管理后台需要 Node.js 20 及以上版本。安装后重新执行 <code>dotnet build</code> 或 <code>dotnet run --project src/Circula.Server</code>，然后刷新本页。</p>
        <p>The API works without the console: <a href="/docs">/docs</a>.</p>
        </body></html>
        """;
}
