using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Circula.Shared.Http;

/// <summary>The client as limits and throttles count it.</summary>
public static class ClientAddress
{
    /// <summary>
    /// The connection's address (the real client's once forwarded headers from known proxies are applied): an IPv4
    /// address, or the /64 of an IPv6 one, since one subscriber usually holds a whole /64 and could otherwise start
    /// afresh from each of its addresses.
    /// </summary>
    public static string Of(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
