namespace Circula.Identity.Contracts;

/// <summary>Whether a user signed in through WeChat, and as whom (the openid of the mini program).</summary>
public interface IWeChatBindings
{
    /// <summary>The user's WeChat openid, or null when the user has no WeChat binding.</summary>
    Task<string?> GetOpenIdAsync(long userId, CancellationToken ct);
}
