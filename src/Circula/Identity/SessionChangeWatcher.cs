using System.Data.Common;
using Circula.Data;
using Circula.Shared.Work;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Identity;

/// <summary>
/// Runs on every replica, whatever <c>Circula:Workers:Enabled</c> says, since each replica answers requests from its own
/// <see cref="SessionCache"/>: every <see cref="JwtOptions.RevocationCheckInterval"/> it asks the database which users
/// <see cref="SecurityChanges"/> stamped since it last looked (one indexed query) and makes the cache forget them, so a
/// demotion, a disabled account or a logout is in force within a second.
/// </summary>
public sealed class SessionChangeWatcher(
    DbConnectionFactory connections, SessionCache cache, IOptions<JwtOptions> options, DatabaseOutage outage, ILogger<SessionChangeWatcher> logger)
    : PollingWorker(new WorkerOptions(), TimeSpan.Zero, outage, logger)
{
    private static readonly TimeSpan DropOldEvery = TimeSpan.FromMinutes(1);
    private long? _seen;
    private long _roundsSinceDrop;

    protected override string Name => nameof(SessionChangeWatcher);

    // Read when the loop starts, not when the watcher is built: hosted services are built before options are validated.
    protected override TimeSpan Interval => options.Value.RevocationCheckInterval;

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        if (_seen is not { } seen)
        {
            // Until now the cache kept nothing; from here on, every change after this stamp reaches it.
            _seen = (await ReadAsync(connection, "SELECT version FROM security_change_counter WHERE id = 1", null, r => r.GetInt64(0), ct)).Single();
            cache.Forget(new HashSet<long>());
            return 0;
        }

        var changed = await ReadAsync(connection, "SELECT id, security_version FROM users WHERE security_version > @seen", seen,
            r => (User: r.GetInt64(0), Version: r.GetInt64(1)), ct);
        if (changed.Count > 0)
        {
            cache.Forget(changed.Select(c => c.User).ToHashSet());
            _seen = changed.Max(c => c.Version);
        }

        if (++_roundsSinceDrop * options.Value.RevocationCheckInterval >= DropOldEvery)
        {
            cache.DropOld();
            _roundsSinceDrop = 0;
        }

        return 0;
    }

    private static async Task<List<T>> ReadAsync<T>(DbConnection connection, string sql, long? seen, Func<DbDataReader, T> read, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (seen is not null)
        {
            command.WithParameter("@seen", seen);
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
