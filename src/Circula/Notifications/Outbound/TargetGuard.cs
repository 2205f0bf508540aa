using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Circula.Notifications.Outbound;

/// <summary>
/// The SSRF guard: robots and webhooks may only reach public addresses. A target is checked when it is registered
/// (its host must resolve to public addresses only) and again on every connection, against the address actually dialled,
/// so a name that later resolves to 127.0.0.1 or 169.254.169.254 (DNS rebinding) is refused too. Redirects are not
/// followed. <see cref="NotificationsOptions.AllowPrivateTargets"/> turns the check off.
/// </summary>
public sealed class TargetGuard(IOptions<NotificationsOptions> options)
{
    /// <summary>Why <paramref name="url"/> may not be a target, or null when it may.</summary>
    public async Task<string?> RefusalAsync(Uri url, CancellationToken ct)
    {
        if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
        {
            return "must be an http or https URL.";
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return "must not carry a user name or password.";
        }

        if (options.Value.AllowPrivateTargets)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(url.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(url.IdnHost, ct);
        }
        catch (SocketException)
        {
            return "has a host name that does not resolve.";
        }

        return addresses.Length == 0 || addresses.Any(a => !IsPublic(a))
            ? "must resolve to public addresses only (not loopback, private or link-local)."
            : null;
    }

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/>: connects only to a public address of the host.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = options.Value.AllowPrivateTargets ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"Refused to connect to {host}: it resolves to no public address.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var first = address.GetAddressBytes()[0];
            // fc00::/7 unique local, fe80::/10 link-local (and the old site-local), ff00::/8 multicast.
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (first & 0xFE) == 0xFC);
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224                  // this network, private, loopback, multicast and reserved
            || (b[0] == 169 && b[1] == 254)                                                // link-local (cloud metadata services)
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)  // private
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)                                 // carrier-grade NAT
            || (b[0] == 198 && (b[1] == 18 || b[1] == 19)));                              // benchmarking
    }
}
