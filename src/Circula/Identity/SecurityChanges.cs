using Circula.Data;

namespace Circula.Identity;

/// <summary>
/// The change feed of what users may do: a change of roles, a disabled account or an ended sign-in stamps the user with
/// the next value of the one-row <c>security_change_counter</c>, inside the transaction that makes the change. The
/// counter row stays locked until that transaction ends, so stamps become visible in counter order and a replica asking
/// for "users stamped after the last value I saw" (<see cref="SessionChangeWatcher"/>) never skips one.
/// </summary>
public sealed class SecurityChanges(CirculaDbContext db)
{
    /// <summary>Stamps the user; call inside the transaction that makes the change, so the two commit together.</summary>
    public async Task RecordAsync(long userId, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A security change is recorded in the transaction that makes it.");
        }

        var version = (await db.QueryAsync("UPDATE security_change_counter SET version = version + 1 WHERE id = 1 RETURNING version",
            r => r.GetInt64(0), ct)).Single();
        await db.ExecuteAsync("UPDATE users SET security_version = @version WHERE id = @user", ct, ("version", version), ("user", userId));
    }
}
