using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using Circula.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Identity;

/// <summary>What every successful sign-in or refresh answers.</summary>
public sealed record TokenResponse(string AccessToken, string RefreshToken, int ExpiresIn);

/// <summary>
/// Issues an access token plus a refresh token that is stored only as a hash; tokens of one sign-in share a family,
/// whose id the access token carries. Ends sign-ins, telling every replica through <see cref="SecurityChanges"/>.
/// </summary>
public sealed class TokenService(CirculaDbContext db, AccessTokenIssuer issuer, SecurityChanges changes, IOptions<JwtOptions> options, TimeProvider clock)
{
    /// <summary>Issues a pair; <paramref name="familyId"/> is null for a new sign-in and the old family on rotation.</summary>
    public async Task<TokenResponse> IssueAsync(User user, string? familyId, CancellationToken ct)
    {
        var refreshToken = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        familyId ??= Guid.NewGuid().ToString("N");
        db.Set<RefreshToken>().Add(new RefreshToken
        {
            UserId = user.Id,
            FamilyId = familyId,
            TokenHash = Hash(refreshToken),
            CreatedAt = now,
            ExpiresAt = now.AddDays(options.Value.RefreshTokenDays),
        });
        await db.SaveChangesAsync(ct);
        return new TokenResponse(issuer.Issue(user, familyId), refreshToken, issuer.LifetimeSeconds);
    }

    /// <summary>Revokes one token unless it already was; false when another request revoked it first.</summary>
    public async Task<bool> RevokeIfLiveAsync(long tokenId, string reason, CancellationToken ct) =>
        await RevokeAsync(t => t.Id == tokenId, reason, ct) > 0;

    /// <summary>Ends one sign-in of a user (logout, detected reuse): its access tokens stop working within a second everywhere.</summary>
    public Task<int> EndSignInAsync(long userId, string familyId, string reason, CancellationToken ct) =>
        EndAsync(userId, t => t.UserId == userId && t.FamilyId == familyId, reason, ct);

    /// <summary>Ends every sign-in of a user (account disabled).</summary>
    public Task<int> EndAllSignInsAsync(long userId, string reason, CancellationToken ct) =>
        EndAsync(userId, t => t.UserId == userId, reason, ct);

    /// <summary>Revokes the refresh tokens and records the change in one transaction: the caller's, or its own.</summary>
    private async Task<int> EndAsync(long userId, Expression<Func<RefreshToken, bool>> which, string reason, CancellationToken ct)
    {
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var revoked = await RevokeAsync(which, reason, ct);
        await changes.RecordAsync(userId, ct);
        if (own is not null)
        {
            await own.CommitAsync(ct);
        }

        return revoked;
    }

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
