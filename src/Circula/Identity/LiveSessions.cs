using System.Collections.Concurrent;
using System.Security.Claims;
using Circula.Data;
using Circula.Identity.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Identity;

/// <summary>What a live sign-in may do now: act as its user with the user's current roles.</summary>
public sealed record SessionGrant(long UserId, IReadOnlyList<string> Roles)
{
    /// <summary>The token's principal with its role claims replaced by the current roles.</summary>
    public ClaimsPrincipal ApplyTo(ClaimsPrincipal principal)
    {
        var identity = principal.Identity as ClaimsIdentity;
        var claims = principal.Claims.Where(c => c.Type != ClaimNames.Role).Concat(Roles.Select(r => new Claim(ClaimNames.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, identity?.AuthenticationType, ClaimNames.Name, ClaimNames.Role));
    }
}

/// <summary>
/// Checks the sign-in an access token belongs to on every request: it must still be live (a refresh token of its
/// family not revoked) and its user enabled. Answers come from this replica's <see cref="SessionCache"/>; a miss costs
/// one query, so the hot path costs none.
/// </summary>
public sealed class LiveSessions(CirculaDbContext db, SessionCache cache)
{
    /// <summary>The grant of the user's sign-in <paramref name="sessionId"/>, or null when it ended or the user is disabled or gone.</summary>
    public async Task<SessionGrant?> FindAsync(long userId, string sessionId, CancellationToken ct)
    {
        if (cache.TryGet(userId, sessionId, out var known))
        {
            return known;
        }

        var generation = cache.Generation;
        var row = await db.Set<User>().AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new
            {
                u.Roles,
                u.IsDisabled,
                Live = db.Set<RefreshToken>().Any(t => t.UserId == userId && t.FamilyId == sessionId && t.RevokedAt == null),
            })
            .FirstOrDefaultAsync(ct);
        var grant = row is { IsDisabled: false, Live: true } ? new SessionGrant(userId, row.Roles) : null;
        cache.Remember(userId, sessionId, grant, generation);
        return grant;
    }
}

/// <summary>
/// This replica's memory of sign-ins, ended ones included (null), filled by <see cref="LiveSessions"/> and emptied of a
/// user's entries by <see cref="SessionChangeWatcher"/> when the database says the user changed. Each forgetting moves
/// the generation on, and a load that began under an older generation is not kept: it may have read the database
/// before the change it raced with. Entries older than an access token's lifetime go, so memory holds only sign-ins in use.
/// </summary>
public sealed class SessionCache(TimeProvider clock, IOptions<JwtOptions> options)
{
    private readonly ConcurrentDictionary<(long UserId, string SessionId), Entry> _entries = new();
    private readonly Lock _gate = new();

    // 0 until the watcher has read where the change feed stands: before that nothing is kept.
    private long _generation;

    private sealed record Entry(SessionGrant? Grant, DateTime LoadedAt);

    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(long userId, string sessionId, out SessionGrant? grant)
    {
        var found = _entries.TryGetValue((userId, sessionId), out var entry);
        grant = entry?.Grant;
        return found;
    }

    /// <summary>Keeps what a load found, unless the cache forgot anything since the load began (<paramref name="generation"/>).</summary>
    public void Remember(long userId, string sessionId, SessionGrant? grant, long generation)
    {
        lock (_gate)
        {
            if (generation != 0 && generation == _generation)
            {
                _entries[(userId, sessionId)] = new Entry(grant, clock.GetUtcNow().UtcDateTime);
            }
        }
    }

    /// <summary>Forgets the entries of <paramref name="userIds"/> (none on the watcher's first round) and starts a new generation.</summary>
    public void Forget(IReadOnlySet<long> userIds)
    {
        lock (_gate)
        {
            _generation++;
            foreach (var key in _entries.Keys.Where(k => userIds.Contains(k.UserId)))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Drops entries loaded longer ago than an access token lives; a sign-in still in use is loaded again.</summary>
    public void DropOld()
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddMinutes(-options.Value.AccessTokenMinutes);
        foreach (var (key, entry) in _entries)
        {
            if (entry.LoadedAt < cutoff)
            {
                _entries.TryRemove(new KeyValuePair<(long, string), Entry>(key, entry));
            }
        }
    }
}
