using Circula.Identity.Contracts;

namespace Circula.Identity;

/// <summary>Anyone who signs in: operators and admins with a password, mini-program users through WeChat.</summary>
public sealed class User
{
    public long Id { get; set; }

    /// <summary>Lower-case login name; null for users who only sign in through WeChat.</summary>
    public string? Username { get; set; }

    public string? PasswordHash { get; set; }

    public required string DisplayName { get; set; }

    public List<string> Roles { get; set; } = [];

    public string? WeChatOpenId { get; set; }

    public string? WeChatUnionId { get; set; }

    /// <summary>AES-GCM ciphertext of the phone number (PII).</summary>
    public string? PhoneCipher { get; set; }

    /// <summary>Keyed hash of the normalized phone number, for lookups without decrypting.</summary>
    public string? PhoneHash { get; set; }

    public int FailedLoginCount { get; set; }

    public DateTime? LockoutEndsAt { get; set; }

    public bool IsDisabled { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal static class UserPii
{
    /// <summary>The phone as it may be shown anywhere ("138****5678"), or null when none is set.</summary>
    public static string? MaskedPhone(this User user, Shared.PiiProtector pii) =>
        user.PhoneCipher is null ? null : Shared.PiiMask.Phone(pii.Decrypt(user.PhoneCipher));
}
