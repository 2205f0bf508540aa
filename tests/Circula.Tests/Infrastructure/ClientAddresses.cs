using System.Net;
using System.Net.Sockets;

namespace Circula.Tests.Infrastructure;

/// <summary>
/// Clients that connect from another loopback address (127.0.0.2, 127.0.0.3, ...: on Linux all of 127/8 is the
/// loopback), so the server sees them as different client addresses without a proxy in between.
/// </summary>
public static class ClientAddresses
{
    public static HttpClient From(string sourceAddress, Uri baseAddress)
    {
        var source = IPAddress.Parse(sourceAddress);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }
}
