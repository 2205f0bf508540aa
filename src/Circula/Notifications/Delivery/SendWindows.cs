using System.Globalization;
using Circula.Data;

namespace Circula.Notifications.Delivery;

/// <summary>
/// A sliding-window rate limit per target shared by every replica: the row holds the send times of the target's latest
/// <c>limit</c> messages. A send may go when the oldest of them left the window; taking the slot is a conditional update
/// on the row's version, so two replicas cannot both take the last one.
/// </summary>
public sealed class SendWindows(CirculaDbContext db)
{
    /// <summary>Takes a slot for a send now; answers null when taken, else when a slot frees up.</summary>
    public async Task<DateTime?> TryTakeAsync(string kind, long targetId, int limit, TimeSpan window, DateTime now, CancellationToken ct)
    {
        for (var tries = 0; tries < 5; tries++)
        {
            var row = (await db.QueryAsync("SELECT recent_sends, version FROM notification_send_windows WHERE target_kind = @kind AND target_id = @id",
                r => (Sends: r.GetString(0), Version: r.GetInt32(1)), ct, ("@kind", kind), ("@id", targetId))).SingleOrDefault();
            var sends = row.Sends is null ? [] : Read(row.Sends).Where(t => t > now - window).ToList();
            if (sends.Count >= limit)
            {
                return sends.Min() + window;
            }

            sends.Add(now);
            var stored = string.Join(' ', sends.Select(t => t.Ticks.ToString(CultureInfo.InvariantCulture)));
            var taken = row.Sends is null
                ? await db.ExecuteAsync("""
                    INSERT INTO notification_send_windows (target_kind, target_id, recent_sends, version) VALUES (@kind, @id, @sends, 1)
                    ON CONFLICT (target_kind, target_id) DO NOTHING
                    """, ct, ("@kind", kind), ("@id", targetId), ("@sends", stored))
                : await db.ExecuteAsync("""
                    UPDATE notification_send_windows SET recent_sends = @sends, version = version + 1
                    WHERE target_kind = @kind AND target_id = @id AND version = @version
                    """, ct, ("@kind", kind), ("@id", targetId), ("@sends", stored), ("@version", row.Version));
            if (taken == 1)
            {
                return null;
            }
        }

        return now + TimeSpan.FromSeconds(1);
    }

    private static IEnumerable<DateTime> Read(string stored) =>
        stored.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => new DateTime(long.Parse(t, CultureInfo.InvariantCulture), DateTimeKind.Utc));
}
