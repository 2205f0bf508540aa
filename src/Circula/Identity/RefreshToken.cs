namespace Circula.Identity;

/// <summary>
/// A refresh token as stored: only its SHA-256 hash. Tokens of one sign-in share a family; presenting a token that
/// was already rotated revokes the whole family (the token was stolen or replayed). Everything but the revocation is
/// fixed when it is issued; <see cref="TokenService"/> revokes with conditional updates.
/// </summary>
public sealed class RefreshToken
{
    public long Id { get; private set; }

    public long UserId { get; init; }

    public required string FamilyId { get; init; }

    public required string TokenHash { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime ExpiresAt { get; init; }

    public DateTime? RevokedAt { get; private set; }

    /// <summary>One of <see cref="RevokeReason"/>.</summary>
    public string? RevokedReason { get; private set; }

    public bool IsExpiredAt(DateTime now) => ExpiresAt <= now;

    /// <summary>Spent by a refresh (or already caught being replayed): seeing it again means two parties hold it.</summary>
    public bool WasRotated => RevokedReason is RevokeReason.Rotated or RevokeReason.ReuseDetected;
}

/// <summary>Why a refresh token stopped working, as stored in revoked_reason.</summary>
public static class RevokeReason
{
    public const string Rotated = "rotated";
    public const string ReuseDetected = "reuse_detected";
    public const string LoggedOut = "logout";
    public const string AccountDisabled = "disabled";
}
