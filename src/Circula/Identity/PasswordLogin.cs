using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Circula.Identity;

public sealed record LoginRequest(string Username, string Password) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Required("username", Username, 64);
        errors.Required("password", Password, 128);
    }
}

/// <summary>Operator and admin sign-in with a password; five failures in a row lock the account for 15 minutes.</summary>
public static class PasswordLogin
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Handle(
        LoginRequest request, CirculaDbContext db, IPasswordHasher<User> hasher, TokenService tokens, TimeProvider clock, CancellationToken ct)
    {
        var username = request.Username.Trim().ToLowerInvariant();
        var now = clock.GetUtcNow().UtcDateTime;
        var user = await db.Set<User>().FirstOrDefaultAsync(u => u.Username == username, ct);
        if (user?.PasswordHash is null)
        {
            return InvalidCredentials();
        }

        if (user.LockoutEndsAt is { } until && until > now)
        {
            return Locked(until);
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            return await RecordFailureAsync(db, user.Id, now, ct);
        }

        if (user.IsDisabled)
        {
            return ApiProblems.Forbidden("account_disabled", "This account is disabled.");
        }

        user.FailedLoginCount = 0;
        user.LockoutEndsAt = null;
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, request.Password);
        }

        return TypedResults.Ok(await tokens.IssueAsync(user, familyId: null, ct));
    }

    /// <summary>Counts the failure with one atomic update, so parallel guesses cannot slip past the limit.</summary>
    private static async Task<ProblemHttpResult> RecordFailureAsync(CirculaDbContext db, long userId, DateTime now, CancellationToken ct)
    {
        await db.Set<User>().Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedLoginCount, u => u.FailedLoginCount + 1), ct);
        var until = now.Add(LockoutDuration);
        var locked = await db.Set<User>().Where(u => u.Id == userId && u.FailedLoginCount >= MaxFailedAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedLoginCount, 0).SetProperty(u => u.LockoutEndsAt, until), ct);
        return locked > 0 ? Locked(until) : InvalidCredentials();
    }

    private static ProblemHttpResult InvalidCredentials() =>
        ApiProblems.Unauthorized("invalid_credentials", "The username or password is wrong.");

    private static ProblemHttpResult Locked(DateTime until) =>
        ApiProblems.Create(StatusCodes.Status401Unauthorized, "account_locked", "Account locked",
            $"Too many failed sign-ins; try again after {until:yyyy-MM-ddTHH:mm:ssZ}.");
}
