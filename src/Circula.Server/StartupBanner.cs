using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Circula.Server;

internal static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses.Select(LocalAddress))
        {
            Console.WriteLine($"""
                Circula is listening on {address}
                  API docs:   {address}/docs   (OpenAPI: {address}/openapi/v1.json)
                  Health:     {address}/health/live  {address}/health/ready
                """);
        }
    }

    /// <summary>A wildcard binding ("http://[::]:5080") is shown as an address a browser can open.</summary>
    public static string LocalAddress(string address) =>
        address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .TrimEnd('/');
}
