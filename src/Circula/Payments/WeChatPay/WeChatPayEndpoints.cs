using Circula.Payments.Sandbox;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace Circula.Payments.WeChatPay;

/// <summary>
/// Where WeChat Pay is called and where it calls back: the configured URLs, or in the sandbox this server's own
/// address (known only once it listens, like the WeChat login sandbox finds it).
/// </summary>
public sealed class WeChatPayEndpoints(IOptions<WeChatPayOptions> options, IServer? server)
{
    public const string SandboxBasePath = "/sandbox/wechatpay";
    public const string NotifyPath = "/api/v1/payments/wechatpay/notify";
    public const string RefundNotifyPath = "/api/v1/payments/wechatpay/refund-notify";

    public string BaseUrl => options.Value.Sandbox ? Self() + SandboxBasePath : options.Value.BaseUrl.TrimEnd('/');

    public string NotifyUrl => options.Value.Sandbox ? Self() + NotifyPath : options.Value.NotifyUrl!;

    public string? RefundNotifyUrl => options.Value.Sandbox ? Self() + RefundNotifyPath : options.Value.RefundNotifyUrl;

    private string Self() => SandboxSelf.BaseUrl(server, "The WeChat Pay sandbox");
}
