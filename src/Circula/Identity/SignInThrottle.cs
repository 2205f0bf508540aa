using Circula.Data;
using Circula.Shared;
using Circula.Shared.Results;

namespace Circula.Identity;

/// <summary>A password check <see cref="SignInThrottle"/> let through: its two throttle keys and how many failures it makes if it fails.</summary>
public sealed record SignInAttempt(string AddressKey, string AccountKey, int AddressFailures);

/// <summary>
/// Throttles password sign-in in the database, so every replica counts together. Per (username, client address):
/// <see cref="FreeFailuresPerAddress"/> failures are free, then each wait doubles from one second up to
/// <see cref="MaxAddressDelay"/>, and the right password ends the run. Per username: a looser ceiling
/// (<see cref="FreeFailuresPerAccount"/> failures, waits up to <see cref="MaxAccountDelay"/>) to which one address adds at
/// most its free failures, so an address hammering an account slows itself, never the owner signing in from elsewhere.
/// Keys are keyed hashes of the username as typed (known or not, so the throttle tells nothing about which accounts
/// exist) and of the address; failures are forgotten <see cref="ForgetAfter"/> after the last one.
/// </summary>
public sealed class SignInThrottle(CirculaDbContext db, PiiProtector pii, TimeProvider clock)
{
    public const string Throttled = "sign_in_throttled";
    public const int FreeFailuresPerAddress = 5;
    public const int FreeFailuresPerAccount = 20;
    public static readonly TimeSpan MaxAddressDelay = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxAccountDelay = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);

    /// <summary>
    /// Admits an attempt, or refuses it with how long to wait. An admitted attempt is counted as a failure of its
    /// (username, address) at once, and the wait that failure earns is set with it, in one transaction: parallel guesses
    /// from one address are counted one after another and cannot slip past the free ones, while parallel sign-ins with
    /// the right password all get through (<see cref="SucceededAsync"/> forgets the count).
    /// </summary>
    public async Task<Result<SignInAttempt>> BeginAsync(string username, string clientAddress, CancellationToken ct)
    {
        var now = Now;
        var accountKey = pii.Hash("sign-in account\n" + username);
        var addressKey = pii.Hash("sign-in address\n" + clientAddress + "\n" + username);
        if (await BlockedUntilAsync(accountKey, ct) is { } accountBlocked && accountBlocked > now)
        {
            return Refusal(accountBlocked - now);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await CountFailureAsync(addressKey, now, onlyWhenFree: true, ct) is not { } failures)
        {
            var blocked = await BlockedUntilAsync(addressKey, ct) ?? now;
            await transaction.RollbackAsync(ct);
            return Refusal(blocked - now);
        }

        await SetBlockedUntilAsync(addressKey, now + Delay(failures, FreeFailuresPerAddress, MaxAddressDelay), ct);
        await transaction.CommitAsync(ct);
        return new SignInAttempt(addressKey, accountKey, failures);
    }

    /// <summary>The password was wrong: the address's failure is already counted; the first few count against the account too.</summary>
    public async Task FailedAsync(SignInAttempt attempt, CancellationToken ct)
    {
        if (attempt.AddressFailures <= FreeFailuresPerAddress)
        {
            var now = Now;
            var accountFailures = await CountFailureAsync(attempt.AccountKey, now, onlyWhenFree: false, ct);
            var delay = Delay(accountFailures!.Value, FreeFailuresPerAccount, MaxAccountDelay);
            if (delay > TimeSpan.Zero)
            {
                await SetBlockedUntilAsync(attempt.AccountKey, now + delay, ct);
            }
        }
    }

    /// <summary>The password was right: the address's run of failures ends. The account's count only fades with time, so an owner signing in does not give a distributed guesser a fresh allowance.</summary>
    public Task SucceededAsync(SignInAttempt attempt, CancellationToken ct) =>
        db.ExecuteAsync("DELETE FROM sign_in_throttles WHERE key = @key", ct, ("key", attempt.AddressKey));

    /// <summary>No wait below <paramref name="free"/> failures, then 1 s, 2 s, 4 s, ... up to <paramref name="max"/>.</summary>
    public static TimeSpan Delay(int failures, int free, TimeSpan max)
    {
        if (failures < free)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(failures - free, 30);
        return TimeSpan.FromSeconds(Math.Min(1L << doublings, (long)max.TotalSeconds));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static DomainError Refusal(TimeSpan wait) =>
        DomainError.RateLimited(Throttled, "Too many failed sign-ins for this username; wait before trying again.", wait);

    /// <summary>
    /// Counts one failure of <paramref name="key"/> (starting over when the last one is forgotten) and answers the count;
    /// with <paramref name="onlyWhenFree"/> only while the key is not blocked, answering null when it is.
    /// </summary>
    private async Task<int?> CountFailureAsync(string key, DateTime now, bool onlyWhenFree, CancellationToken ct)
    {
        var counted = await db.QueryAsync(
            "INSERT INTO sign_in_throttles (key, failures, blocked_until, last_failure_at) VALUES (@key, 1, @now, @now) " +
            "ON CONFLICT (key) DO UPDATE SET " +
            "failures = CASE WHEN sign_in_throttles.last_failure_at <= @forgotten THEN 1 ELSE sign_in_throttles.failures + 1 END, " +
            "last_failure_at = @now" + (onlyWhenFree ? " WHERE sign_in_throttles.blocked_until <= @now" : "") + " RETURNING failures",
            r => r.GetInt32(0), ct, ("key", key), ("now", now), ("forgotten", now - ForgetAfter));
        return counted.Count == 0 ? null : counted[0];
    }

    private async Task<DateTime?> BlockedUntilAsync(string key, CancellationToken ct) =>
        (await db.QueryAsync("SELECT blocked_until FROM sign_in_throttles WHERE key = @key", r => (DateTime?)r.GetDateTime(0), ct, ("key", key)))
        .SingleOrDefault();

    private Task SetBlockedUntilAsync(string key, DateTime until, CancellationToken ct) =>
        db.ExecuteAsync("UPDATE sign_in_throttles SET blocked_until = @until WHERE key = @key", ct, ("key", key), ("until", until));
}
