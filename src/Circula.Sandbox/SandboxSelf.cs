using Circula.Shared;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Hosting.Server;

namespace Circula.Sandbox;

/// <summary>This server's own base URL, where the product calls the sandboxes and they call it back (known only once it listens).</summary>
public static class SandboxSelf
{
    public static string BaseUrl(IServer server, string who)
    {
        // Plain http when there is one, so no certificate is involved in talking to ourselves.
        var addresses = ServerAddresses.Local(server).ToList();
        return addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"{who} needs the server's listening address, but the server reports none.");
    }
}
