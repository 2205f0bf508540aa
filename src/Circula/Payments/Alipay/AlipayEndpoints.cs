using Circula.Payments.Sandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace Circula.Payments.Alipay;

/// <summary>Where Alipay calls back: the configured notify URL, or in the sandbox this server's own address.</summary>
public sealed class AlipayEndpoints(IOptions<AlipayOptions> options, IServer? server)
{
    public const string SandboxBasePath = "/sandbox/alipay";
    public const string NotifyPath = "/api/v1/payments/alipay/notify";

    public string NotifyUrl => options.Value.Sandbox ? SandboxSelf.BaseUrl(server, "The Alipay sandbox") + NotifyPath : options.Value.NotifyUrl!;
}
