using Circula.Identity.Contracts;
using Microsoft.Extensions.Options;

namespace Circula.Identity;

/// <summary>Bound from <c>Circula:WeChat</c>: the mini-program's credentials for <c>jscode2session</c>.</summary>
public sealed class WeChatOptions
{
    public const string Section = "Circula:WeChat";
    public const string ProductionBaseUrl = "https://api.weixin.qq.com";

    public string? AppId { get; set; }

    public string? AppSecret { get; set; }

    /// <summary>Empty: the real WeChat API, or the stand-in's when the host registers one (<see cref="IWeChatStandIn"/>).</summary>
    public string? BaseUrl { get; set; }

    public int TimeoutSeconds { get; set; } = 5;
}

internal sealed class WeChatOptionsValidator : IValidateOptions<WeChatOptions>
{
    public ValidateOptionsResult Validate(string? name, WeChatOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AppId) || string.IsNullOrWhiteSpace(options.AppSecret))
        {
            failures.Add("Circula:WeChat:AppId and Circula:WeChat:AppSecret are required (set Circula__WeChat__AppId and " +
                "Circula__WeChat__AppSecret), unless the sandbox is enabled (Circula:Sandbox:Enabled=true).");
        }

        if (!string.IsNullOrWhiteSpace(options.BaseUrl) &&
            !(Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            failures.Add("Circula:WeChat:BaseUrl must be an absolute http(s) URL.");
        }

        if (options.TimeoutSeconds is < 1 or > 60)
        {
            failures.Add("Circula:WeChat:TimeoutSeconds must be between 1 and 60.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
