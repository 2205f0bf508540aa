using Circula.Data;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Circula.Identity;

/// <summary>
/// Refresh-token rotation with reuse detection: each refresh token works once. Presenting a rotated token again
/// means two parties hold it (stolen or replayed), so the whole sign-in (token family) is revoked.
/// </summary>
public sealed class TokenRotation(CirculaDbContext db, TokenService tokens, TimeProvider clock, ILogger<TokenRotation> logger)
{
    public async Task<Result<TokenResponse>> RefreshAsync(RefreshTokenRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = TokenService.Hash(request.RefreshToken);
        var stored = await db.Set<RefreshToken>().AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (stored is null || stored.IsExpiredAt(now))
        {
            return InvalidToken();
        }

        if (stored.RevokedAt is not null)
        {
            // A rotated token coming back is a replay. After a logout or a disabled account the session simply ended.
            return stored.WasRotated ? await ReuseDetectedAsync(stored, ct) : InvalidToken();
        }

        var user = await db.Set<User>().FirstOrDefaultAsync(u => u.Id == stored.UserId, ct);
        if (user is null || user.IsDisabled)
        {
            return IdentityErrors.AccountDisabled();
        }

        // Revoke-then-issue in one transaction, and the revoke is conditional: of two parallel refreshes of one
        // token exactly one updates the row; the loser waits for the winner's commit and then sees 0 rows.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await tokens.RevokeIfLiveAsync(stored.Id, RevokeReason.Rotated, ct))
        {
            await transaction.RollbackAsync(ct);
            return await ReuseDetectedAsync(stored, ct);
        }

        var pair = await tokens.IssueAsync(user, stored.FamilyId, ct);
        await transaction.CommitAsync(ct);
        return pair;
    }

    /// <summary>
    /// Ends the sign-in the token belongs to, its access tokens included (within a second on every replica); other
    /// sign-ins of the user go on. An unknown token ends nothing and is not an error.
    /// </summary>
    public async Task LogoutAsync(RefreshTokenRequest request, CancellationToken ct)
    {
        var hash = TokenService.Hash(request.RefreshToken);
        var token = await db.Set<RefreshToken>().AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (token is not null)
        {
            await tokens.EndSignInAsync(token.UserId, token.FamilyId, RevokeReason.LoggedOut, ct);
        }
    }

    private async Task<DomainError> ReuseDetectedAsync(RefreshToken stored, CancellationToken ct)
    {
        var revoked = await tokens.EndSignInAsync(stored.UserId, stored.FamilyId, RevokeReason.ReuseDetected, ct);
        logger.LogWarning("Refresh token reuse for user {UserId}, family {FamilyId}: revoked {Count} live tokens", stored.UserId, stored.FamilyId, revoked);
        return DomainError.Unauthorized("refresh_token_reused", "This refresh token was already used; the session was ended for safety. Sign in again.");
    }

    private static DomainError InvalidToken() =>
        DomainError.Unauthorized("invalid_refresh_token", "The refresh token is unknown, expired or revoked. Sign in again.");
}
