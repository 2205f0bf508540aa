namespace Circula.Identity;

/// <summary>
/// Anyone who signs in: operators and admins with a password, mini-program users through WeChat. What an account is
/// allowed (roles, disabled) and how it signs in (password hash, WeChat ids) change only through its methods.
/// </summary>
public sealed class User
{
    private User()
    {
    }

    public long Id { get; private set; }

    /// <summary>Lower-case login name; null for users who only sign in through WeChat.</summary>
    public string? Username { get; private init; }

    public string? PasswordHash { get; private set; }

    public string DisplayName { get; private set; } = "";

    public IReadOnlyList<string> Roles { get; private set; } = [];

    public string? WeChatOpenId { get; private set; }

    public string? WeChatUnionId { get; private set; }

    /// <summary>AES-GCM ciphertext of the phone number (PII).</summary>
    public string? PhoneCipher { get; private set; }

    /// <summary>Keyed hash of the normalized phone number, for lookups without decrypting.</summary>
    public string? PhoneHash { get; private set; }

    public bool IsDisabled { get; private set; }

    public DateTime CreatedAt { get; private init; }

    /// <summary>A password account (operator, admin, the demo customer); its hash is set next, as hashing needs the user.</summary>
    public static User WithUsername(string username, IEnumerable<string> roles, DateTime now)
    {
        var user = new User { Username = NormalizeUsername(username), DisplayName = username.Trim(), CreatedAt = now };
        user.ReplaceRoles(roles);
        return user;
    }

    /// <summary>A customer created by a first WeChat sign-in.</summary>
    public static User WeChatCustomer(string displayName, string openId, string? unionId, DateTime now) => new()
    {
        DisplayName = displayName,
        Roles = [Contracts.Roles.Customer],
        WeChatOpenId = openId,
        WeChatUnionId = unionId,
        CreatedAt = now,
    };

    /// <summary>Usernames are looked up trimmed and case-insensitively.</summary>
    public static string NormalizeUsername(string username) => username.Trim().ToLowerInvariant();

    public void ChangePasswordHash(string passwordHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        PasswordHash = passwordHash;
    }

    /// <summary>Keeps what WeChat newly tells us (the unionid appears once the app is bound to an open-platform account).</summary>
    public void LinkWeChat(string openId, string? unionId)
    {
        WeChatOpenId ??= openId;
        WeChatUnionId ??= unionId;
    }

    public void Rename(string displayName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        DisplayName = displayName;
    }

    /// <summary>The phone as <see cref="Shared.PiiProtector"/> stored it: ciphertext and lookup hash always change together.</summary>
    public void SetPhone(string cipher, string hash)
    {
        ArgumentException.ThrowIfNullOrEmpty(cipher);
        ArgumentException.ThrowIfNullOrEmpty(hash);
        (PhoneCipher, PhoneHash) = (cipher, hash);
    }

    /// <summary>At least one role, each a known one; repeats are dropped.</summary>
    public void ReplaceRoles(IEnumerable<string> roles)
    {
        var distinct = roles.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0 || distinct.Any(r => !Contracts.Roles.All.Contains(r, StringComparer.Ordinal)))
        {
            throw new ArgumentException($"A user has one or more of the roles {string.Join(", ", Contracts.Roles.All)}.", nameof(roles));
        }

        Roles = distinct;
    }

    public void Disable() => IsDisabled = true;
}

internal static class UserPii
{
    /// <summary>The phone as it may be shown anywhere ("138****5678"), or null when none is set.</summary>
    public static string? MaskedPhone(this User user, Shared.PiiProtector pii) =>
        user.PhoneCipher is null ? null : Shared.PiiMask.Phone(pii.Decrypt(user.PhoneCipher));
}
