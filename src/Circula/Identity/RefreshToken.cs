using Circula.Identity.Contracts;

namespace Circula.Identity;

/// <summary>
/// A refresh token as stored: only its SHA-256 hash. Tokens of one sign-in share a family; presenting a token that
/// was already rotated revokes the whole family (the token was stolen or replayed).
/// </summary>
public sealed class RefreshToken
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public required string FamilyId { get; set; }

    public required string TokenHash { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public string? RevokedReason { get; set; }
}
