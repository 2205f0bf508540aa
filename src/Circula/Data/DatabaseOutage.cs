using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Circula.Data;

/// <summary>
/// Whether the database can serve right now, as the failures and successes of statements show. A failure that means
/// "the database is not there" (<see cref="IsUnavailable"/>) is logged once when the outage starts, and once more when a
/// statement succeeds again after <see cref="QuietPeriod"/> without such a failure, so a stopped database or an exhausted
/// pool gives two lines, not one per request or per worker tick. Requests meanwhile answer 503 with <see cref="RetryAfter"/>.
/// </summary>
public sealed class DatabaseOutage(TimeProvider clock, ILogger<DatabaseOutage> logger)
{
    /// <summary>What a client is told to wait before retrying: about how long a PostgreSQL restart or a burst of load takes.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>How long statements must go without an outage failure before the outage counts as over (no flapping under load).</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(2);

    private int _down;
    private long _since;
    private long _lastFailure;

    public bool IsDown => Volatile.Read(ref _down) == 1;

    /// <summary>
    /// Records <paramref name="exception"/> when it is an outage (true; logged only if it starts one); false for any other
    /// failure, which the caller logs as it always has.
    /// </summary>
    public bool Report(Exception exception)
    {
        if (!IsUnavailable(exception))
        {
            return false;
        }

        var now = clock.GetTimestamp();
        Volatile.Write(ref _lastFailure, now);
        if (Interlocked.CompareExchange(ref _down, 1, 0) == 0)
        {
            Volatile.Write(ref _since, now);
            logger.LogError("The database is unavailable ({Reason}); requests are answered 503 service_unavailable until it is back", Describe(exception));
        }

        return true;
    }

    /// <summary>A statement succeeded: ends an outage once no outage failure has been seen for <see cref="QuietPeriod"/>.</summary>
    public void Succeeded()
    {
        if (!IsDown || clock.GetElapsedTime(Volatile.Read(ref _lastFailure)) < QuietPeriod)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _down, 0, 1) == 1)
        {
            logger.LogWarning("The database is available again, after {Duration:g}", clock.GetElapsedTime(Volatile.Read(ref _since)));
        }
    }

    /// <summary>
    /// Failures that say the database cannot serve now rather than that a statement is wrong: it refuses or drops connections,
    /// is shutting down or starting, has no connection slot or pool connection left, or (SQLite) stays locked past the busy timeout.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
                        || postgres.SqlState.StartsWith("53", StringComparison.Ordinal) // insufficient resources (too many connections, disk full)
                        || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;
                case NpgsqlException npgsql:
                    // Not a server's answer: a socket, stream or pool failure (the pool's exhaustion is a timeout too).
                    return npgsql.IsTransient;
                case SqliteException sqlite:
                    return sqlite.SqliteErrorCode is 5 or 6 or 10 or 13 or 14; // BUSY, LOCKED, IOERR, FULL, CANTOPEN
            }
        }

        return false;
    }

    private static string Describe(Exception exception)
    {
        var database = Chain(exception).OfType<DbException>().FirstOrDefault() ?? exception;
        var cause = Chain(database).Last();
        return cause == database ? $"{database.GetType().Name}: {database.Message}" : $"{database.GetType().Name}: {database.Message} {cause.Message}";
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
