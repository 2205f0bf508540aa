using Circula.Data;
using Circula.Shared.Ids;
using Circula.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Circula.Tests.Platform;

public abstract class WorkerIdLeaseTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private WorkerIdLease NewLease(ManualClock clock) => new(
        new DbConnectionFactory(Options.Create(new DatabaseOptions { Provider = server.Provider, ConnectionString = server.ConnectionString })),
        clock, Options.Create(new WorkerIdOptions { LeaseDuration = TimeSpan.FromSeconds(60) }), new DatabaseOutage(clock, NullLogger<DatabaseOutage>.Instance),
        NullLogger<WorkerIdLease>.Instance);

    [Fact]
    public async Task Live_replicas_never_share_a_worker_id()
    {
        var clock = new ManualClock();
        var leases = Enumerable.Range(0, 12).Select(_ => NewLease(clock)).ToList();

        await Task.WhenAll(leases.Select(l => l.AcquireAsync(CancellationToken.None)));

        var ids = leases.Select(l => l.CurrentWorkerId!.Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.DoesNotContain(server.Services.GetService<IWorkerIdSource>()!.CurrentWorkerId, ids.Cast<int?>());
    }

    [Fact]
    public async Task A_lease_that_is_not_renewed_stops_ids_and_is_taken_over_then_the_old_owner_moves_on()
    {
        var clock = new ManualClock();
        var old = NewLease(clock);
        await old.AcquireAsync(CancellationToken.None);
        var oldId = old.CurrentWorkerId!.Value;

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Null(old.CurrentWorkerId);

        // Another replica takes the expired id over, as AcquireAsync's upsert allows for expired rows.
        await server.Database.ExecuteAsync(
            $"UPDATE worker_leases SET owner = 'other-replica', expires_at = '2999-01-01 00:00:00' WHERE worker_id = {oldId}");

        await old.RenewAsync(CancellationToken.None);
        Assert.NotNull(old.CurrentWorkerId);
        Assert.NotEqual(oldId, old.CurrentWorkerId);
    }

    [Fact]
    public async Task A_renewed_lease_keeps_its_id()
    {
        var clock = new ManualClock();
        var lease = NewLease(clock);
        await lease.AcquireAsync(CancellationToken.None);
        var id = lease.CurrentWorkerId;

        clock.Advance(TimeSpan.FromSeconds(45));
        await lease.RenewAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(45));

        Assert.Equal(id, lease.CurrentWorkerId);
    }
}

public sealed class WorkerIdLeaseTestsOnSqlite(SqliteServer server) : WorkerIdLeaseTests<SqliteServer>(server);

public sealed class WorkerIdLeaseTestsOnPostgres(PostgresServer server) : WorkerIdLeaseTests<PostgresServer>(server);
