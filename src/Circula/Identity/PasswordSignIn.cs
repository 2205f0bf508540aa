using System.Security.Cryptography;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared.Results;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Circula.Identity;

/// <summary>
/// Operator and admin sign-in with a password, throttled by <see cref="SignInThrottle"/>. An unknown username (or an
/// account without a password) is answered exactly as a wrong password is, after checking the password against a decoy
/// hash of the same cost, so neither the answer nor its time tells which usernames exist.
/// </summary>
public sealed class PasswordSignIn(CirculaDbContext db, IPasswordHasher<User> hasher, DecoyPasswordHash decoy, SignInThrottle throttle, TokenService tokens)
{
    public async Task<Result<TokenResponse>> SignInAsync(LoginRequest request, string clientAddress, CancellationToken ct)
    {
        var username = User.NormalizeUsername(request.Username);
        var attempt = await throttle.BeginAsync(username, clientAddress, ct);
        if (!attempt.IsSuccess)
        {
            return attempt.Error;
        }

        var user = await db.Set<User>().FirstOrDefaultAsync(u => u.Username == username, ct);
        var verdict = user?.PasswordHash is { } hash ? hasher.VerifyHashedPassword(user, hash, request.Password) : decoy.Verify(request.Password);
        if (user is null || verdict == PasswordVerificationResult.Failed)
        {
            await throttle.FailedAsync(attempt.Value, ct);
            return DomainError.Unauthorized("invalid_credentials", "The username or password is wrong.");
        }

        await throttle.SucceededAsync(attempt.Value, ct);
        if (user.IsDisabled)
        {
            return IdentityErrors.AccountDisabled();
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.ChangePasswordHash(hasher.HashPassword(user, request.Password));
        }

        return await tokens.IssueAsync(user, familyId: null, ct);
    }
}

/// <summary>A hash of a random password nobody knows, made once per process with the same hasher (and so the same cost) as real ones.</summary>
public sealed class DecoyPasswordHash(IPasswordHasher<User> hasher)
{
    private static readonly User Nobody = User.WithUsername("decoy", [Roles.Customer], DateTime.UnixEpoch);

    private readonly Lazy<string> _hash = new(() => hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

    /// <summary>Spends what checking a real password costs; always <see cref="PasswordVerificationResult.Failed"/>.</summary>
    public PasswordVerificationResult Verify(string password)
    {
        hasher.VerifyHashedPassword(Nobody, _hash.Value, password);
        return PasswordVerificationResult.Failed;
    }
}
