using Circula.Shared;
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

    public string BaseUrl => options.Value.Sandbox ? Self() + SandboxBasePath : options.Value.BaseUrl.TrimEnd('/');

    public string NotifyUrl => options.Value.Sandbox ? Self() + NotifyPath : options.Value.NotifyUrl!;

    private string Self()
    {
        // Plain http when there is one, so no certificate is involved in talking to ourselves.
        var addresses = server is null ? [] : ServerAddresses.Local(server).ToList();
        return addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The WeChat Pay sandbox needs the server's listening address, but the server reports none.");
    }
}
