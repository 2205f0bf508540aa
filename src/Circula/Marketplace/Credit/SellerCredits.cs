using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Marketplace.Credit;

/// <summary>A user's score and its tier.</summary>
public sealed record CreditStanding(int Score, CreditTier Tier);

/// <summary>What a replay found: the score stored before, the sum of the trail (now stored), and their difference.</summary>
public sealed record CreditReplay(long UserId, int StoredScore, int TrailScore, int TrailEntries)
{
    public int Drift => StoredScore - TrailScore;
}

/// <summary>
/// Seller credit: every change is a trail row and the score is the sum of the trail. <see cref="RecordAsync"/> is what
/// event handlers call; it joins the caller's transaction (the context's current one) or runs in its own, records a
/// source key once per user, and moves the score and the seller's search documents in the same transaction. Parallel
/// changes of one user add up: the score row is updated in place (an upsert adding the points), never read and written back.
/// </summary>
public sealed class SellerCredits(CirculaDbContext db, IOptions<CreditOptions> options, TimeProvider clock)
{
    public const int MaxSourceKeyLength = 120;
    public const int MaxReasonLength = 200;

    /// <summary>
    /// Records a change of <paramref name="userId"/>'s credit by <paramref name="rule"/> (its configured points), once per
    /// <paramref name="sourceKey"/> (e.g. "order-completed:{orderId}"): the entry, or null when that key was recorded already.
    /// <see cref="CreditRule.OperatorAdjustment"/> has no configured points and is refused (operators use AdjustAsync).
    /// </summary>
    public Task<CreditEntry?> RecordAsync(UserId userId, CreditRule rule, string sourceKey, string reason, CancellationToken ct) =>
        WriteAsync(userId.Value, rule, options.Value.PointsOf(rule), sourceKey, reason, null, ct);

    /// <summary>An operator's change with its own signed points (a lost dispute takes the configured ones).</summary>
    public Task<CreditEntry?> AdjustAsync(long userId, CreditRule rule, int? points, string sourceKey, string reason, long operatorId, CancellationToken ct) =>
        WriteAsync(userId, rule, rule == CreditRule.OperatorAdjustment ? points!.Value : options.Value.PointsOf(rule), sourceKey, reason, operatorId, ct);

    public async Task<CreditStanding> StandingAsync(long userId, CancellationToken ct) => Standing(await ScoreAsync(userId, ct));

    public CreditStanding Standing(int score) => new(score, options.Value.TierOf(score));

    public async Task<int> ScoreAsync(long userId, CancellationToken ct) =>
        await db.Set<SellerCredit>().AsNoTracking().Where(c => c.UserId == userId).Select(c => (int?)c.Score).FirstOrDefaultAsync(ct) ?? 0;

    /// <summary>The standings of several users at once (those with no trail stand at 0).</summary>
    public async Task<IReadOnlyDictionary<long, CreditStanding>> StandingsAsync(IEnumerable<long> userIds, CancellationToken ct)
    {
        var ids = userIds.Distinct().ToList();
        var scores = await db.Set<SellerCredit>().AsNoTracking().Where(c => ids.Contains(c.UserId)).ToDictionaryAsync(c => c.UserId, c => c.Score, ct);
        return ids.ToDictionary(id => id, id => Standing(scores.GetValueOrDefault(id)));
    }

    /// <summary>The user's trail, newest first.</summary>
    public async Task<(List<CreditEntry> Items, long Total)> TrailAsync(long userId, int page, int pageSize, CancellationToken ct) =>
        await db.Set<CreditEntry>().AsNoTracking().Where(e => e.UserId == userId).OrderByDescending(e => e.Id).PageAsync(page, pageSize, ct);

    /// <summary>
    /// Sums the user's trail and stores the sum as their score (and in their search documents): the points each entry had
    /// when recorded, not today's configuration, so replaying reproduces what was decided. Locks the score row first, so a
    /// change arriving meanwhile waits and then adds to the replayed score.
    /// </summary>
    public async Task<CreditReplay> ReplayAsync(long userId, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var stored = (await db.QueryAsync(ScoreUpsert, r => r.GetInt32(0), ct, ("user", userId), ("points", 0), ("now", now)))[0];
        var trail = (await db.QueryAsync("SELECT COALESCE(SUM(points), 0), COUNT(*) FROM marketplace_credit_trail WHERE user_id = @user",
            r => (Sum: Convert.ToInt32(r.GetValue(0)), Count: Convert.ToInt32(r.GetValue(1))), ct, ("user", userId)))[0];
        await db.ExecuteAsync("UPDATE marketplace_seller_credits SET score = @score, version = version + 1, updated_at = @now WHERE user_id = @user",
            ct, ("user", userId), ("score", trail.Sum), ("now", now));
        await SyncSearchAsync(userId, trail.Sum, ct);
        await transaction.CommitAsync(ct);
        return new CreditReplay(userId, stored, trail.Sum, trail.Count);
    }

    // Adds @points to the user's score (creating the row at @points), returning the new score; the update locks the row.
    private const string ScoreUpsert =
        "INSERT INTO marketplace_seller_credits (user_id, score, version, updated_at) VALUES (@user, @points, 1, @now) " +
        "ON CONFLICT (user_id) DO UPDATE SET score = marketplace_seller_credits.score + excluded.score, " +
        "version = marketplace_seller_credits.version + 1, updated_at = excluded.updated_at RETURNING score";

    private async Task<CreditEntry?> WriteAsync(long userId, CreditRule rule, int points, string sourceKey, string reason, long? recordedBy, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (sourceKey.Length > MaxSourceKeyLength || reason.Length > MaxReasonLength)
        {
            throw new ArgumentException($"A source key has at most {MaxSourceKeyLength} characters, a reason at most {MaxReasonLength}.");
        }

        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var now = clock.GetUtcNow().UtcDateTime;
        var inserted = await db.QueryAsync(
            "INSERT INTO marketplace_credit_trail (user_id, rule, points, reason, source_key, recorded_by, created_at) " +
            "VALUES (@user, @rule, @points, @reason, @key, @by, @now) ON CONFLICT (user_id, source_key) DO NOTHING RETURNING id",
            r => r.GetInt64(0), ct, ("user", userId), ("rule", rule.ToString()), ("points", points), ("reason", reason), ("key", sourceKey),
            ("by", recordedBy), ("now", now));
        CreditEntry? entry = null;
        if (inserted.Count == 1)
        {
            var score = (await db.QueryAsync(ScoreUpsert, r => r.GetInt32(0), ct, ("user", userId), ("points", points), ("now", now)))[0];
            await SyncSearchAsync(userId, score, ct);
            entry = new CreditEntry
            {
                Id = inserted[0], UserId = userId, Rule = rule, Points = points, Reason = reason, SourceKey = sourceKey, RecordedBy = recordedBy, CreatedAt = now,
            };
        }

        if (own is not null)
        {
            await own.CommitAsync(ct);
        }

        return entry;
    }

    /// <summary>Search ranks better-credit sellers first among equals: their published listings' documents carry the score.</summary>
    private Task SyncSearchAsync(long userId, int score, CancellationToken ct) =>
        db.ExecuteAsync("UPDATE marketplace_search_documents SET seller_credit = @score WHERE seller_id = @user", ct, ("user", userId), ("score", score));
}
