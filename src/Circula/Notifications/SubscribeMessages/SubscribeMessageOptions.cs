namespace Circula.Notifications.SubscribeMessages;

/// <summary>
/// Bound from <c>Circula:Notifications:SubscribeMessages</c>. The mini program's <c>AppId</c>, <c>AppSecret</c> and
/// <c>BaseUrl</c> default to those of WeChat sign-in (<c>Circula:WeChat</c>): it is the same mini program. Without an
/// app id and secret no subscribe message is queued. The secret comes from configuration only; it is never stored or shown.
/// </summary>
public sealed class SubscribeMessageOptions
{
    public const string Section = "Circula:Notifications:SubscribeMessages";
    public const string WeChatSection = "Circula:WeChat";
    public const string ProductionBaseUrl = "https://api.weixin.qq.com";

    public string? AppId { get; set; }

    public string? AppSecret { get; set; }

    /// <summary>Where <c>cgi-bin/stable_token</c> and <c>cgi-bin/message/subscribe/send</c> are called.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>How long before its expiry a token is replaced (WeChat's last 5 minutes are a grace period for the old one).</summary>
    public TimeSpan RefreshBefore { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Which version of the mini program a tap opens: formal, trial or developer.</summary>
    public string MiniProgramState { get; set; } = "formal";

    public bool Enabled => !string.IsNullOrWhiteSpace(AppId) && !string.IsNullOrWhiteSpace(AppSecret);

    public string Url(string path) => (string.IsNullOrWhiteSpace(BaseUrl) ? ProductionBaseUrl : BaseUrl).TrimEnd('/') + path;
}
