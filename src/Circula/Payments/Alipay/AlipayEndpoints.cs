using Circula.Payments.Sandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace Circula.Payments.Alipay;

/// <summary>Where Alipay is called and where it calls back: the configured URLs, or in the sandbox this server's own address.</summary>
public sealed class AlipayEndpoints(IOptions<AlipayOptions> options, IServer? server)
{
    public const string SandboxBasePath = "/sandbox/alipay";
    public const string NotifyPath = "/api/v1/payments/alipay/notify";
    public const string SandboxGatewayPath = SandboxBasePath + "/gateway.do";

    public string GatewayUrl => options.Value.Sandbox ? SandboxSelf.BaseUrl(server, "The Alipay sandbox") + SandboxGatewayPath : options.Value.GatewayUrl;

    public string NotifyUrl => options.Value.Sandbox ? SandboxSelf.BaseUrl(server, "The Alipay sandbox") + NotifyPath : options.Value.NotifyUrl!;
}
