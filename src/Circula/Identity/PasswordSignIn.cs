using Circula.Data;
using Circula.Shared.Results;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Circula.Identity;

/// <summary>Operator and admin sign-in with a password; five failures in a row lock the account for 15 minutes.</summary>
public sealed class PasswordSignIn(CirculaDbContext db, IPasswordHasher<User> hasher, TokenService tokens, TimeProvider clock)
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public async Task<Result<TokenResponse>> SignInAsync(LoginRequest request, CancellationToken ct)
    {
        var username = User.NormalizeUsername(request.Username);
        var now = clock.GetUtcNow().UtcDateTime;
        var user = await db.Set<User>().FirstOrDefaultAsync(u => u.Username == username, ct);
        if (user?.PasswordHash is null)
        {
            return InvalidCredentials();
        }

        if (user.IsLockedOutAt(now))
        {
            return Locked(user.LockoutEndsAt!.Value);
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            return await RecordFailureAsync(user.Id, now, ct);
        }

        if (user.IsDisabled)
        {
            return IdentityErrors.AccountDisabled();
        }

        user.RecordSuccessfulSignIn();
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.ChangePasswordHash(hasher.HashPassword(user, request.Password));
        }

        return await tokens.IssueAsync(user, familyId: null, ct);
    }

    /// <summary>Counts the failure with one atomic update, so parallel guesses cannot slip past the limit.</summary>
    private async Task<DomainError> RecordFailureAsync(long userId, DateTime now, CancellationToken ct)
    {
        await db.Set<User>().Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedLoginCount, u => u.FailedLoginCount + 1), ct);
        var until = now.Add(LockoutDuration);
        var locked = await db.Set<User>().Where(u => u.Id == userId && u.FailedLoginCount >= MaxFailedAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedLoginCount, 0).SetProperty(u => u.LockoutEndsAt, until), ct);
        return locked > 0 ? Locked(until) : InvalidCredentials();
    }

    private static DomainError InvalidCredentials() =>
        DomainError.Unauthorized("invalid_credentials", "The username or password is wrong.");

    private static DomainError Locked(DateTime until) =>
        DomainError.Unauthorized("account_locked", $"Too many failed sign-ins; try again after {until:yyyy-MM-ddTHH:mm:ssZ}.");
}
