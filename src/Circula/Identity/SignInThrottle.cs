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
    /// An admitted attempt counts as a failure and holds its (username, address) until its password is checked, so
    /// parallel guesses from one address are checked one at a time; a crashed check frees it after this long.
    /// </summary>
    private static readonly TimeSpan CheckInProgress = TimeSpan.FromSeconds(10);

    /// <summary>Admits an attempt, or refuses it with how long to wait.</summary>
    public async Task<Result<SignInAttempt>> BeginAsync(string username, string clientAddress, CancellationToken ct)
    {
        var now = Now;
        var accountKey = pii.Hash("sign-in account\n" + username);
        var addressKey = pii.Hash("sign-in address\n" + clientAddress + "\n" + username);
        if (await BlockedUntilAsync(accountKey, ct) is { } accountBlocked && accountBlocked > now)
        {
            return Refusal(accountBlocked - now);
        }

        var failures = await CountFailureAsync(addressKey, now, holdUntil: now + CheckInProgress, ct);
        return failures is { } counted
            ? new SignInAttempt(addressKey, accountKey, counted)
            : Refusal((await BlockedUntilAsync(addressKey, ct) ?? now) - now);
    }

    /// <summary>The password was wrong: the address waits as long as its failures say, and the first few count against the account.</summary>
    public async Task FailedAsync(SignInAttempt attempt, CancellationToken ct)
    {
        var now = Now;
        await SetBlockedUntilAsync(attempt.AddressKey, now + Delay(attempt.AddressFailures, FreeFailuresPerAddress, MaxAddressDelay), ct);
        if (attempt.AddressFailures <= FreeFailuresPerAddress)
        {
            var accountFailures = await CountFailureAsync(attempt.AccountKey, now, holdUntil: null, ct);
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
    /// Counts one failure of <paramref name="key"/> (starting over when the last one is forgotten) and answers the count.
    /// With <paramref name="holdUntil"/> the count happens only while the key is not blocked, and blocks it until then;
    /// null means it was blocked.
    /// </summary>
    private async Task<int?> CountFailureAsync(string key, DateTime now, DateTime? holdUntil, CancellationToken ct)
    {
        var (setBlocked, onlyWhenFree) = holdUntil is null ? ("", "") : (", blocked_until = @until", " WHERE sign_in_throttles.blocked_until <= @now");
        var counted = await db.QueryAsync(
            "INSERT INTO sign_in_throttles (key, failures, blocked_until, last_failure_at) VALUES (@key, 1, @until, @now) " +
            "ON CONFLICT (key) DO UPDATE SET " +
            "failures = CASE WHEN sign_in_throttles.last_failure_at <= @forgotten THEN 1 ELSE sign_in_throttles.failures + 1 END, " +
            $"last_failure_at = @now{setBlocked}{onlyWhenFree} RETURNING failures",
            r => r.GetInt32(0), ct, ("key", key), ("now", now), ("until", holdUntil ?? now), ("forgotten", now - ForgetAfter));
        return counted.Count == 0 ? null : counted[0];
    }

    private async Task<DateTime?> BlockedUntilAsync(string key, CancellationToken ct) =>
        (await db.QueryAsync("SELECT blocked_until FROM sign_in_throttles WHERE key = @key", r => (DateTime?)r.GetDateTime(0), ct, ("key", key)))
        .SingleOrDefault();

    private Task SetBlockedUntilAsync(string key, DateTime until, CancellationToken ct) =>
        db.ExecuteAsync("UPDATE sign_in_throttles SET blocked_until = @until WHERE key = @key", ct, ("key", key), ("until", until));
}
