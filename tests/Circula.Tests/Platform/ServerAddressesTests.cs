using Circula.Shared;
using Circula.Shared.Http;

namespace Circula.Tests.Platform;

public sealed class ServerAddressesTests
{
    [Theory]
    [InlineData("http://[::]:5080", "http://127.0.0.1:5080")]
    [InlineData("http://0.0.0.0:5080/", "http://127.0.0.1:5080")]
    [InlineData("http://+:80", "http://127.0.0.1:80")]
    [InlineData("https://*:443", "https://127.0.0.1:443")]
    [InlineData("http://127.0.0.1:41234", "http://127.0.0.1:41234")]
    public void Wildcard_bindings_become_loopback_addresses(string bound, string expected) =>
        Assert.Equal(expected, ServerAddresses.LocalAddress(bound));
}
