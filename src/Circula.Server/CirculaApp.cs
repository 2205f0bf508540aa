using System.Text.Json.Serialization;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Identity;
using Circula.Sandbox;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.Ids;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;

namespace Circula.Server;

/// <summary>Builds the whole server; Program.cs and the HTTP tests use the same code path.</summary>
public static class CirculaApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        // appsettings*.json are read from the build output, whatever the working directory (which holds ./data).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = CirculaEnvironment.Resolve(args),
        });
        builder.ConfigureLogging();
        // Which server software answers is nobody's business.
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        var services = builder.Services;

        services.Configure<JsonOptions>(o =>
        {
            // "12" is not a number and 12.5 is not fen: wrong JSON types are rejected, not coerced.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            // {"quantity": 1, "quantity": 99} means two things to two parsers: it is a malformed request (400).
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddCirculaProblemDetails();
        services.AddCirculaClientNetwork();
        var sandbox = CirculaSandbox.IsEnabled(builder.Configuration, builder.Environment);
        services.AddCirculaOpenApi(sandbox);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.AddCirculaMetrics();

        services.AddCirculaModules();
        if (sandbox)
        {
            services.AddCirculaSandbox(builder.Configuration);
        }

        customize?.Invoke(builder);
        services.AddSingleton(new ValidatedOptions(services));
        return Configure(builder.Build(), sandbox);
    }

    private static WebApplication Configure(WebApplication app, bool sandbox)
    {
        // First: everything after it sees the client a trusted proxy forwarded, not the proxy.
        app.UseForwardedHeaders();
        app.UseRequestLog();
        app.Use((context, next) =>
        {
            // JSON answers may echo user input verbatim; browsers must never sniff them into HTML.
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return next(context);
        });
        app.UseNoStore();
        // Before the error pages and the rate limiter: a scrape is neither an API call nor counted against a client.
        app.MapCirculaMetrics();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAdminConsoleFiles();
        // After authentication: a signed-in caller is limited as a user, wherever they connect from.
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        if (app.Configuration.ServesApiDocs())
        {
            app.MapCirculaOpenApi(sandbox);
        }

        app.MapLandingPage();
        app.MapCirculaHealth();
        app.MapCirculaEndpoints();
        app.MapAdminConsole();
        if (sandbox)
        {
            app.MapCirculaSandbox();
        }

        return app;
    }

    /// <summary>Migrates and seeds; prints a generated admin password once.</summary>
    public static async Task InitializeAsync(WebApplication app, CancellationToken ct = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(ct);
        await app.Services.GetRequiredService<WorkerIdLease>().AcquireAsync(ct);
        if (result.GeneratedAdminPassword is { } generated)
        {
            // Deliberately stdout, not the log: the password must not end up in log storage.
            Console.WriteLine($"""

                ==================================================================
                 Created the first operator account. This is shown only once:
                   username: {AdminBootstrap.AdminUsername}
                   password: {generated}
                 Set Circula__Bootstrap__AdminPassword to choose it yourself.
                ==================================================================

                """);
        }
    }

    private static void ConfigureLogging(this WebApplicationBuilder builder)
    {
        // Every line written while a request or traced job runs carries its W3C trace and span ids (an incoming
        // traceparent is honoured, so a proxy's or client's trace continues here); ProblemDetails show the same id.
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }
    }
}
