using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using Circula.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Identity;

/// <summary>What every successful sign-in or refresh answers.</summary>
public sealed record TokenResponse(string AccessToken, string RefreshToken, int ExpiresIn);

/// <summary>Issues an access token plus a refresh token that is stored only as a hash.</summary>
public sealed class TokenService(CirculaDbContext db, AccessTokenIssuer issuer, IOptions<JwtOptions> options, TimeProvider clock)
{
    /// <summary>Issues a pair; <paramref name="familyId"/> is null for a new sign-in and the old family on rotation.</summary>
    public async Task<TokenResponse> IssueAsync(User user, string? familyId, CancellationToken ct)
    {
        var refreshToken = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        db.Set<RefreshToken>().Add(new RefreshToken
        {
            UserId = user.Id,
            FamilyId = familyId ?? Guid.NewGuid().ToString("N"),
            TokenHash = Hash(refreshToken),
            CreatedAt = now,
            ExpiresAt = now.AddDays(options.Value.RefreshTokenDays),
        });
        await db.SaveChangesAsync(ct);
        return new TokenResponse(issuer.Issue(user), refreshToken, issuer.LifetimeSeconds);
    }

    /// <summary>Revokes one token unless it already was; false when another request revoked it first.</summary>
    public async Task<bool> RevokeIfLiveAsync(long tokenId, string reason, CancellationToken ct) =>
        await RevokeAsync(t => t.Id == tokenId, reason, ct) > 0;

    /// <summary>Revokes every still-valid token of a sign-in (logout, detected reuse); returns how many.</summary>
    public Task<int> RevokeFamilyAsync(string familyId, string reason, CancellationToken ct) =>
        RevokeAsync(t => t.FamilyId == familyId, reason, ct);

    /// <summary>Revokes every still-valid token of a user, across all their sign-ins (account disabled).</summary>
    public Task<int> RevokeAllOfUserAsync(long userId, string reason, CancellationToken ct) =>
        RevokeAsync(t => t.UserId == userId, reason, ct);

    private Task<int> RevokeAsync(Expression<Func<RefreshToken, bool>> which, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Set<RefreshToken>().Where(which).Where(t => t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.RevokedReason, reason), ct);
    }

    public static string Hash(string refreshToken) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
