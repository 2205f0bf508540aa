using Circula.Data;
using Circula.Shared.Timers;
using Circula.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Platform;

/// <summary>A timer kind whose handler runs until the worker is stopped, so a stopping replica holds claims.</summary>
public sealed class BlockingTimerHandler : IDurableTimerHandler
{
    public const string TimerKind = "test.block";

    private int _started;

    public int Started => Volatile.Read(ref _started);

    public string Kind => TimerKind;

    public async Task<string> FireAsync(long subjectId, CancellationToken ct)
    {
        Interlocked.Increment(ref _started);
        await Task.Delay(Timeout.Infinite, ct);
        return "never";
    }
}

/// <summary>Workers are off on the fixture's own instance: only the replica a test starts claims timers.</summary>
public abstract class BlockingTimerServer : CirculaServer
{
    public BlockingTimerHandler Handler { get; } = new();

    protected override IEnumerable<string> ExtraSettings => [.. base.ExtraSettings, "Circula:Workers:Enabled=false"];

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IDurableTimerHandler>(Handler);
}

public sealed class BlockingTimerServerOnSqlite : BlockingTimerServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class BlockingTimerServerOnPostgres : BlockingTimerServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>A replica stopped gracefully (SIGTERM) gives its claims back at once instead of leaving them to time out.</summary>
public abstract class ClaimReleaseTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : BlockingTimerServer
{
    [Fact]
    public async Task A_stopping_replica_releases_the_claims_it_did_not_finish()
    {
        var subjects = Enumerable.Range(0, 3).Select(_ => Random.Shared.NextInt64(1, long.MaxValue)).ToList();
        await server.WithScopeAsync(async sp =>
        {
            foreach (var subject in subjects)
            {
                sp.GetRequiredService<DurableTimers>().Schedule(BlockingTimerHandler.TimerKind, subject, server.Clock.GetUtcNow().UtcDateTime);
            }

            return await sp.GetRequiredService<CirculaDbContext>().SaveChangesAsync();
        });

        var replica = await server.StartReplicaAsync("Circula:Workers:Enabled=true");
        await server.EventuallyAsync(async () => server.Handler.Started == 1 && (await TimersAsync(subjects)).All(t => t.ClaimedBy is not null));

        await replica.DisposeAsync();

        var timers = await TimersAsync(subjects);
        Assert.All(timers, t => Assert.Equal((null, null, null), (t.ClaimedBy, t.ClaimedUntil, t.CompletedAt)));
        Assert.Equal(1, server.Handler.Started);
    }

    private Task<List<DurableTimer>> TimersAsync(List<long> subjects) => server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>()
        .Set<DurableTimer>().AsNoTracking().Where(t => t.Kind == BlockingTimerHandler.TimerKind && subjects.Contains(t.SubjectId)).ToListAsync());
}

public sealed class ClaimReleaseTestsOnSqlite(BlockingTimerServerOnSqlite server) : ClaimReleaseTests<BlockingTimerServerOnSqlite>(server);

public sealed class ClaimReleaseTestsOnPostgres(BlockingTimerServerOnPostgres server) : ClaimReleaseTests<BlockingTimerServerOnPostgres>(server);
