using Circula.Data;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;

namespace Circula.Tests.Platform;

/// <summary>Workers are off on the fixture's own instance, as on a fleet where no replica delivers the outbox.</summary>
public abstract class NoWorkersServer : CirculaServer
{
    protected override IEnumerable<string> ExtraSettings =>
        [.. base.ExtraSettings, "Circula:Workers:Enabled=false", "Circula:Outbox:BacklogSampleInterval=00:00:00.100"];
}

public sealed class NoWorkersServerOnSqlite : NoWorkersServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class NoWorkersServerOnPostgres : NoWorkersServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// A dispatcher that delivers nothing records no delivery lag at all; the backlog gauges show it: the events pending
/// and how long the oldest due one has waited, sampled on a replica that runs no workers itself.
/// </summary>
public abstract class OutboxBacklogTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : NoWorkersServer
{
    private const string Pending = "circula_outbox_pending";
    private const string OldestDueAge = "circula_outbox_oldest_due_age_seconds";

    [Fact]
    public async Task The_backlog_gauges_show_events_nobody_delivers_and_fall_to_zero_once_a_worker_delivers_them()
    {
        var sku = await server.CreateSkuAsync(stock: 5);
        var customer = await server.CreateUserAsync("customer");
        await customer.Client.PlaceOkAsync(sku);
        await server.AdvanceClockAsync(TimeSpan.FromMinutes(10));

        await server.EventuallyAsync(async () => await server.GaugeAsync(Pending) >= 1 && await server.GaugeAsync(OldestDueAge) >= 600);

        await using var replica = await server.StartReplicaAsync("Circula:Workers:Enabled=true");
        await server.EventuallyAsync(async () => await server.GaugeAsync(Pending) == 0 && await server.GaugeAsync(OldestDueAge) == 0);
    }
}

public sealed class OutboxBacklogTestsOnSqlite(NoWorkersServerOnSqlite server) : OutboxBacklogTests<NoWorkersServerOnSqlite>(server);

public sealed class OutboxBacklogTestsOnPostgres(NoWorkersServerOnPostgres server) : OutboxBacklogTests<NoWorkersServerOnPostgres>(server);
