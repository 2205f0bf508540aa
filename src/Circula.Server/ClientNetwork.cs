using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Circula.Identity;
using Circula.Identity.Contracts;
using Circula.Payments;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Uploads;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Circula.Server;

/// <summary>Bound from <c>Circula:Network</c>: which peers are our reverse proxies, whose X-Forwarded-For and X-Forwarded-Proto count.</summary>
public sealed class NetworkOptions
{
    public const string Section = "Circula:Network";

    /// <summary>Addresses of the proxies in front of this server (e.g. nginx's, 10.0.0.5); none by default, so forwarded headers are ignored.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR notation (e.g. 10.0.0.0/24).</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

internal sealed class NetworkOptionsValidator : IValidateOptions<NetworkOptions>
{
    public ValidateOptionsResult Validate(string? name, NetworkOptions options)
    {
        var failures = options.KnownProxies.Where(p => !IPAddress.TryParse(p, out _))
            .Select(p => $"Circula:Network:KnownProxies has '{p}', which is not an IP address (e.g. 10.0.0.5).")
            .Concat(options.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _))
                .Select(n => $"Circula:Network:KnownNetworks has '{n}', which is not a network in CIDR notation (e.g. 10.0.0.0/24)."))
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// Who the client is: the connection's address, or the address a configured proxy forwarded (walking back through
/// X-Forwarded-For only while each hop is a known proxy); rate limits count per signed-in user, else per client address.
/// </summary>
internal static class ClientNetwork
{
    public static IServiceCollection AddCirculaClientNetwork(this IServiceCollection services)
    {
        services.AddOptions<NetworkOptions>().BindConfiguration(NetworkOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NetworkOptions>, NetworkOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<NetworkOptions>>((o, network) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only what the operator names: not even loopback is trusted by default.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            o.ForwardLimit = null;
            foreach (var proxy in network.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var known in network.Value.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(known));
            }
        });
        return services.AddCirculaRateLimits();
    }

    private static IServiceCollection AddCirculaRateLimits(this IServiceCollection services) => services.AddRateLimiter(o =>
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = async (context, _) =>
        {
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                // Rounded up: a client that waits this long finds a permit.
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            await ApiProblems.Create(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Too many requests",
                "Too many requests from this client; retry after the number of seconds in Retry-After.").ExecuteAsync(context.HttpContext);
        };
        o.AddPolicy(IdentityModule.LoginRateLimit, http => PerClient(http, "Circula:RateLimits:LoginPerMinute", 20));
        o.AddPolicy(PaymentsModule.CreatePaymentRateLimit, http => PerClient(http, "Circula:RateLimits:PaymentsPerMinute", 30));
        o.AddPolicy(UploadsModule.UploadRateLimit, http => PerClient(http, "Circula:RateLimits:UploadsPerMinute", 30));
    });

    /// <summary>
    /// A token bucket per client holding a minute's permits and refilling one every 60/N seconds: N a minute, in bursts of
    /// up to N, and a refused request's Retry-After is when the next permit comes (not the end of a fixed window).
    /// </summary>
    private static RateLimitPartition<string> PerClient(HttpContext http, string setting, int defaultPerMinute)
    {
        var perMinute = Math.Max(1, http.RequestServices.GetRequiredService<IConfiguration>().GetValue(setting, defaultPerMinute));
        return RateLimitPartition.GetTokenBucketLimiter(ClientKey(http), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>The signed-in user, else the client address (an IPv6 client by its /64, which one subscriber usually has whole).</summary>
    public static string ClientKey(HttpContext http)
    {
        if (http.User.FindFirst(ClaimNames.Subject)?.Value is { Length: > 0 } subject)
        {
            return "user:" + subject;
        }

        return "address:" + ClientAddress.Of(http);
    }
}
