using System.Data.Common;
using Circula.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Shared.Ids;

/// <summary>Bound from <c>Circula:Ids</c>.</summary>
public sealed class WorkerIdOptions
{
    public const string Section = "Circula:Ids";

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Leases one of the 1024 Snowflake worker ids from the <c>worker_leases</c> table, so two live replicas never share
/// one, and renews it with a heartbeat. Ids stop being issued (<see cref="CurrentWorkerId"/> is null) as soon as the
/// lease could have expired without a renewal, before another replica may take the id over.
/// </summary>
public sealed class WorkerIdLease(
    DbConnectionFactory connections, TimeProvider clock, IOptions<WorkerIdOptions> options, DatabaseOutage outage, ILogger<WorkerIdLease> logger)
    : BackgroundService, IWorkerIdSource
{
    private readonly string _owner = Work.WorkClaims.InstanceName;
    private readonly Lock _gate = new();
    private int? _workerId;
    private DateTime _validUntil;

    public int? CurrentWorkerId
    {
        get
        {
            lock (_gate)
            {
                return _workerId is { } id && clock.GetUtcNow().UtcDateTime < _validUntil ? id : null;
            }
        }
    }

    /// <summary>Takes a free (or expired) worker id; called once at start, after migrations.</summary>
    public async Task AcquireAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var start = Random.Shared.Next(SnowflakeId.MaxWorkerId + 1);
        for (var i = 0; i <= SnowflakeId.MaxWorkerId; i++)
        {
            var candidate = (start + i) % (SnowflakeId.MaxWorkerId + 1);
            var now = clock.GetUtcNow().UtcDateTime;
            var expires = now + options.Value.LeaseDuration;
            var taken = await ExecuteAsync(connection, """
                INSERT INTO worker_leases (worker_id, owner, acquired_at, expires_at) VALUES (@worker, @owner, @now, @expires)
                ON CONFLICT (worker_id) DO UPDATE SET owner = excluded.owner, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
                WHERE worker_leases.expires_at < @now
                """, candidate, now, expires, ct);
            if (taken == 1)
            {
                Set(candidate, expires);
                logger.LogInformation("Leased Snowflake worker id {WorkerId} as {Owner}", candidate, _owner);
                return;
            }
        }

        throw new InvalidOperationException("All 1024 Snowflake worker ids are leased by live replicas.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await RenewAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Ids stop by themselves when the lease runs out; keep trying until then and after. An outage is logged once, by DatabaseOutage.
                if (!outage.Report(e))
                {
                    logger.LogError(e, "Could not renew the Snowflake worker id lease");
                }
            }
        }
    }

    public async Task RenewAsync(CancellationToken ct)
    {
        if (_workerId is not { } id)
        {
            await AcquireAsync(ct);
            return;
        }

        await using var connection = await connections.OpenAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + options.Value.LeaseDuration;
        var renewed = await ExecuteAsync(connection,
            "UPDATE worker_leases SET expires_at = @expires WHERE worker_id = @worker AND owner = @owner", id, now, expires, ct);
        if (renewed == 1)
        {
            Set(id, expires);
            return;
        }

        logger.LogWarning("Lost the lease on Snowflake worker id {WorkerId}; acquiring a new one", id);
        lock (_gate)
        {
            _workerId = null;
        }

        await AcquireAsync(ct);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_workerId is { } id)
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, "DELETE FROM worker_leases WHERE worker_id = @worker AND owner = @owner",
                id, clock.GetUtcNow().UtcDateTime, clock.GetUtcNow().UtcDateTime, cancellationToken);
        }
    }

    private void Set(int workerId, DateTime expires)
    {
        lock (_gate)
        {
            _workerId = workerId;
            _validUntil = expires;
        }
    }

    private async Task<int> ExecuteAsync(DbConnection connection, string sql, int workerId, DateTime now, DateTime expires, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.WithParameter("@worker", workerId).WithParameter("@owner", _owner).WithParameter("@now", now).WithParameter("@expires", expires);

        return await command.ExecuteNonQueryAsync(ct);
    }
}
