namespace Circula.Identity.Contracts;

/// <summary>Finding users by what operators know of them, without reading Identity's tables.</summary>
public interface IUserDirectory
{
    /// <summary>The users whose account phone is <paramref name="phone"/> (found by its keyed hash; phones are stored encrypted).</summary>
    Task<IReadOnlyList<UserId>> FindByPhoneAsync(string phone, CancellationToken ct);

    /// <summary>The roles of a user, or null when there is no such user.</summary>
    Task<IReadOnlyList<string>?> RolesOfAsync(UserId user, CancellationToken ct);

    /// <summary>
    /// Whether the user is verified, which selling on the marketplace requires: an enabled account with a bound mainland
    /// phone or a WeChat sign-in (WeChat accounts are real-name verified by WeChat).
    /// </summary>
    Task<bool> IsVerifiedAsync(UserId user, CancellationToken ct);

    /// <summary>The user signing in as <paramref name="username"/>, if any.</summary>
    Task<UserId?> FindByUsernameAsync(string username, CancellationToken ct);

    /// <summary>The name the user shows others (unmasked: mask it before showing it to anyone else), or null when there is no such user.</summary>
    Task<string?> DisplayNameAsync(UserId user, CancellationToken ct);
}
