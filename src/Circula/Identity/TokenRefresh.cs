using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Circula.Identity;

/// <summary>The body of refresh and logout.</summary>
public sealed record RefreshTokenRequest(string RefreshToken) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Required("refreshToken", RefreshToken, 256);
}

/// <summary>
/// Refresh-token rotation with reuse detection: each refresh token works once. Presenting a rotated token again
/// means two parties hold it (stolen or replayed), so the whole sign-in (token family) is revoked.
/// </summary>
public static class TokenRefresh
{
    public const string Rotated = "rotated";
    public const string ReuseDetected = "reuse_detected";
    public const string LoggedOut = "logout";
    public const string AccountDisabled = "disabled";

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Handle(
        RefreshTokenRequest request, CirculaDbContext db, TokenService tokens, TimeProvider clock, ILogger<TokenService> logger, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = TokenService.Hash(request.RefreshToken);
        var stored = await db.Set<RefreshToken>().AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (stored is null || stored.ExpiresAt <= now)
        {
            return InvalidToken();
        }

        if (stored.RevokedAt is not null)
        {
            // A rotated token coming back is a replay. After a logout or a disabled account the session simply ended.
            return stored.RevokedReason is Rotated or ReuseDetected ? await ReuseDetectedAsync(tokens, stored, logger, ct) : InvalidToken();
        }

        var user = await db.Set<User>().FirstOrDefaultAsync(u => u.Id == stored.UserId, ct);
        if (user is null || user.IsDisabled)
        {
            return ApiProblems.Forbidden("account_disabled", "This account is disabled.");
        }

        // Revoke-then-issue in one transaction, and the revoke is conditional: of two parallel refreshes of one
        // token exactly one updates the row; the loser waits for the winner's commit and then sees 0 rows.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var won = await db.Set<RefreshToken>().Where(t => t.Id == stored.Id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.RevokedReason, Rotated), ct);
        if (won == 0)
        {
            await transaction.RollbackAsync(ct);
            return await ReuseDetectedAsync(tokens, stored, logger, ct);
        }

        var pair = await tokens.IssueAsync(user, stored.FamilyId, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(pair);
    }

    /// <summary>Ends the sign-in the token belongs to. Always 204, so the answer tells nothing about the token.</summary>
    public static async Task<NoContent> Logout(RefreshTokenRequest request, CirculaDbContext db, TokenService tokens, CancellationToken ct)
    {
        var hash = TokenService.Hash(request.RefreshToken);
        var familyId = await db.Set<RefreshToken>().Where(t => t.TokenHash == hash).Select(t => t.FamilyId).FirstOrDefaultAsync(ct);
        if (familyId is not null)
        {
            await tokens.RevokeFamilyAsync(familyId, LoggedOut, ct);
        }

        return TypedResults.NoContent();
    }

    private static async Task<ProblemHttpResult> ReuseDetectedAsync(TokenService tokens, RefreshToken stored, ILogger logger, CancellationToken ct)
    {
        var revoked = await tokens.RevokeFamilyAsync(stored.FamilyId, ReuseDetected, ct);
        logger.LogWarning("Refresh token reuse for user {UserId}, family {FamilyId}: revoked {Count} live tokens", stored.UserId, stored.FamilyId, revoked);
        return ApiProblems.Unauthorized("refresh_token_reused", "This refresh token was already used; the session was ended for safety. Sign in again.");
    }

    private static ProblemHttpResult InvalidToken() =>
        ApiProblems.Unauthorized("invalid_refresh_token", "The refresh token is unknown, expired or revoked. Sign in again.");
}
