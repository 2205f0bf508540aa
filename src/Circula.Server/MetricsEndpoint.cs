using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Circula.Inventory;
using Circula.Ordering;
using Circula.Payments;
using Circula.Shared.Metrics;
using Circula.Shared.Outbox;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Circula.Server;

/// <summary>Bound from <c>Circula:Metrics</c>: whether <c>/metrics</c> is served, and to whom.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Circula:Metrics";

    public bool Enabled { get; set; } = true;

    /// <summary>Client networks (CIDR) that may scrape without a token; loopback when unset (set it to name others instead).</summary>
    public List<string>? AllowedNetworks { get; set; }

    internal IEnumerable<string> EffectiveNetworks => AllowedNetworks ?? ["127.0.0.0/8", "::1/128"];

    /// <summary>Optional: a bearer token that lets any other client scrape (<c>Authorization: Bearer …</c>), at least 32 characters.</summary>
    public string? Token { get; set; }
}

internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        var failures = options.EffectiveNetworks.Where(n => !IPNetwork.TryParse(n, out _))
            .Select(n => $"Circula:Metrics:AllowedNetworks has '{n}', which is not a network in CIDR notation (e.g. 10.0.0.0/24).").ToList();
        if (options.Token is { } token && token.Length < 32)
        {
            failures.Add("Circula:Metrics:Token must be at least 32 characters (set Circula__Metrics__Token, e.g. from `openssl rand -hex 32`).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// <c>/metrics</c> in Prometheus text format: HTTP requests by route template and status (ASP.NET Core's own meters),
/// Kestrel, the runtime (GC, thread pool), Npgsql's connection pools, and Circula's meters (events, outbox lag and dead
/// letters, orders, payments, refunds, stock). Only clients in <see cref="MetricsOptions.AllowedNetworks"/> or holding the
/// token may read it; it is not part of the API documents.
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    private static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime", "Npgsql",
        EventMetrics.MeterName, OutboxMetrics.MeterName, OrderingMetrics.MeterName, PaymentMetrics.MeterName, InventoryMetrics.MeterName,
        Notifications.Delivery.DeliveryMetrics.MeterName, Recycling.RecyclingMetrics.MeterName,
    ];

    /// <summary>Gauges whose names end in <c>.count</c>, which Prometheus reserves for histograms and summaries.</summary>
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["db.client.connection.count"] = "db.client.connections",
        ["dotnet.assembly.count"] = "dotnet.assemblies",
        ["dotnet.process.cpu.count"] = "dotnet.process.cpus",
        ["dotnet.timer.count"] = "dotnet.timers",
    };

    public static IServiceCollection AddCirculaMetrics(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(Meters).AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            // Meters made by a DI meter factory belong to one application; a process hosting several (the tests) must not
            // report another's requests, orders or payments as its own. Process-wide meters (runtime, Npgsql) have no scope.
            ((IDeferredMeterProviderBuilder)metrics).Configure((sp, builder) =>
            {
                var ours = sp.GetRequiredService<IMeterFactory>();
                builder.AddView(instrument => instrument.Meter.Scope is not null && !ReferenceEquals(instrument.Meter.Scope, ours)
                    ? MetricStreamConfiguration.Drop
                    : Renamed.TryGetValue(instrument.Name, out var name) ? new MetricStreamConfiguration { Name = name } : null);
            });
        });
        return services;
    }

    public static void MapCirculaMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled)
        {
            return;
        }

        var networks = options.EffectiveNetworks.Select(n => IPNetwork.Parse(n)).ToList();
        var token = options.Token is { } t ? Encoding.UTF8.GetBytes("Bearer " + t) : null;
        app.UseWhen(context => context.Request.Path == Path, branch => branch.Use(async (context, next) =>
        {
            if (Allowed(context, networks, token))
            {
                await next(context);
                return;
            }

            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "Metrics are served to the configured networks (Circula:Metrics:AllowedNetworks) or with the metrics token.",
                extensions: new Dictionary<string, object?> { ["code"] = "forbidden" }).ExecuteAsync(context);
        }));
        app.MapPrometheusScrapingEndpoint(Path).WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
    }

    private static bool Allowed(HttpContext context, List<IPNetwork> networks, byte[]? token)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is not null && networks.Any(n => n.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address)))
        {
            return true;
        }

        return token is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()), token);
    }
}
