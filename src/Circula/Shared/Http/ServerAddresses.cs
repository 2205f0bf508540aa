using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Circula.Shared.Http;

/// <summary>The addresses this server listens on, in a form a local client (browser, the server itself) can call.</summary>
public static class ServerAddresses
{
    /// <summary>Every bound address made callable; empty before the server has started.</summary>
    public static IEnumerable<string> Local(IServer server) =>
        (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []).Select(LocalAddress);

    /// <summary>A wildcard binding ("http://[::]:5080") is shown as an address a browser can open.</summary>
    public static string LocalAddress(string address) =>
        address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .TrimEnd('/');
}
