using System.Collections.Concurrent;
using Circula.Data;
using Circula.Shared.Timers;
using Circula.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Platform;

/// <summary>Counts fires per subject; subjects below zero fail until healed.</summary>
public sealed class CountingTimerHandler : IDurableTimerHandler
{
    public const string TimerKind = "test.count";

    public volatile bool Healed;

    public ConcurrentDictionary<long, int> Fires { get; } = new();

    public string Kind => TimerKind;

    public Task<string> FireAsync(long subjectId, CancellationToken ct)
    {
        if (subjectId < 0 && !Healed)
        {
            throw new InvalidOperationException("not yet");
        }

        Fires.AddOrUpdate(subjectId, 1, (_, n) => n + 1);
        return Task.FromResult("counted");
    }
}

public abstract class TimerServer : CirculaServer
{
    public CountingTimerHandler Handler { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IDurableTimerHandler>(Handler);

    public Task ScheduleAsync(long subjectId, TimeSpan after) => WithScopeAsync(async sp =>
    {
        sp.GetRequiredService<DurableTimers>().Schedule(CountingTimerHandler.TimerKind, subjectId, Clock.GetUtcNow().UtcDateTime + after);
        return await sp.GetRequiredService<CirculaDbContext>().SaveChangesAsync();
    });

    public Task<DurableTimer> TimerAsync(long subjectId) => WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>()
        .Set<DurableTimer>().AsNoTracking().SingleAsync(t => t.Kind == CountingTimerHandler.TimerKind && t.SubjectId == subjectId));
}

public sealed class TimerServerOnSqlite : TimerServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class TimerServerOnPostgres : TimerServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public abstract class DurableTimerTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : TimerServer
{
    [Fact]
    public async Task A_timer_fires_once_when_due_and_not_before()
    {
        var subject = Random.Shared.NextInt64(1, long.MaxValue);
        await server.ScheduleAsync(subject, TimeSpan.FromMinutes(30));

        await Task.Delay(400);
        Assert.False(server.Handler.Fires.ContainsKey(subject));

        await server.AdvanceClockAsync(TimeSpan.FromMinutes(30));
        await server.EventuallyAsync(async () => (await server.TimerAsync(subject)).CompletedAt is not null);
        Assert.Equal(1, server.Handler.Fires[subject]);
        Assert.Equal("counted", (await server.TimerAsync(subject)).Outcome);
    }

    [Fact]
    public async Task A_failing_timer_is_retried_later_and_then_completes()
    {
        var subject = -Random.Shared.NextInt64(1, long.MaxValue);
        await server.ScheduleAsync(subject, TimeSpan.Zero);
        await server.EventuallyAsync(async () => (await server.TimerAsync(subject)).Attempts >= 1);
        Assert.Contains("not yet", (await server.TimerAsync(subject)).LastError, StringComparison.Ordinal);

        server.Handler.Healed = true;
        await server.EventuallyAsync(async () => (await server.TimerAsync(subject)).CompletedAt is not null, TimeSpan.FromSeconds(10));
        Assert.Equal(1, server.Handler.Fires[subject]);
    }

    [Fact]
    public async Task Two_replicas_fire_each_timer_exactly_once()
    {
        await using var replica = await server.StartReplicaAsync();
        var subjects = Enumerable.Range(0, 80).Select(_ => Random.Shared.NextInt64(1, long.MaxValue)).ToList();
        foreach (var subject in subjects)
        {
            await server.ScheduleAsync(subject, TimeSpan.FromMinutes(1));
        }

        await server.AdvanceClockAsync(TimeSpan.FromMinutes(2));
        await server.EventuallyAsync(async () => await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>()
            .Set<DurableTimer>().CountAsync(t => subjects.Contains(t.SubjectId) && t.CompletedAt != null)) == subjects.Count, timeout: TimeSpan.FromSeconds(60));

        Assert.All(subjects, s => Assert.Equal(1, server.Handler.Fires[s]));
    }
}

public sealed class DurableTimerTestsOnSqlite(TimerServerOnSqlite server) : DurableTimerTests<TimerServerOnSqlite>(server);

public sealed class DurableTimerTestsOnPostgres(TimerServerOnPostgres server) : DurableTimerTests<TimerServerOnPostgres>(server);
