using Circula.Payments.Sandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace Circula.Payments.Alipay;

/// <summary>Where Alipay calls back (the configured notify URL, or in the sandbox this server's own address), and where we call it.</summary>
public sealed class AlipayEndpoints(IOptions<AlipayOptions> options, IServer? server)
{
    public const string SandboxBasePath = "/sandbox/alipay";
    public const string NotifyPath = "/api/v1/payments/alipay/notify";
    public const string SandboxGatewayPath = "/gateway.do";

    /// <summary>Where the gateway calls (query, close, refund) go: the configured gateway, or in the sandbox this server's own imitation.</summary>
    public string GatewayUrl => options.Value.Sandbox ? SandboxSelf.BaseUrl(server, "The Alipay sandbox") + SandboxBasePath + SandboxGatewayPath : options.Value.GatewayUrl;

    public string NotifyUrl => options.Value.Sandbox ? SandboxSelf.BaseUrl(server, "The Alipay sandbox") + NotifyPath : options.Value.NotifyUrl!;
}
