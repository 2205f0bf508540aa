namespace Circula.Identity;

/// <summary>
/// WeChat's API played by this very server, for development without a mini-program account; registered by the host, never
/// in production. Its address is the server's own, known only once it listens, so it cannot be a setting.
/// </summary>
public interface IWeChatStandIn
{
    /// <summary>Where <c>sns/jscode2session</c> is called when <see cref="WeChatOptions.BaseUrl"/> is not set.</summary>
    string BaseUrl { get; }
}
