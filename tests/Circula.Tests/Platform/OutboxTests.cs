using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Identity;
using Circula.Shared.Outbox;
using Circula.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Platform;

public sealed record FlakyHappened(string Note) : IIntegrationEvent
{
    public static string EventType => "test.flaky.v1";
}

public sealed record DoomedHappened(string Note) : IIntegrationEvent
{
    public static string EventType => "test.doomed.v1";
}

/// <summary>Fails the first two deliveries of each message, then succeeds; counts what it saw.</summary>
public sealed class FlakyHandler : IOutboxHandler<FlakyHappened>
{
    public ConcurrentDictionary<long, int> Calls { get; } = new();

    public ConcurrentDictionary<long, int> Successes { get; } = new();

    public static string Name => "test.flaky-handler";

    public Task HandleAsync(FlakyHappened @event, EventEnvelope envelope, CancellationToken ct)
    {
        Assert.Equal("flaky", @event.Note[..5]);
        if (Calls.AddOrUpdate(envelope.MessageId, 1, (_, n) => n + 1) <= 2)
        {
            throw new HttpRequestException("robot endpoint refused the connection");
        }

        Successes.AddOrUpdate(envelope.MessageId, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}

/// <summary>Fails until a test lets it through.</summary>
public sealed class DoomedHandler : IOutboxHandler<DoomedHappened>
{
    public volatile bool Healed;

    public ConcurrentDictionary<long, int> Successes { get; } = new();

    public static string Name => "test.doomed-handler";

    public Task HandleAsync(DoomedHappened @event, EventEnvelope envelope, CancellationToken ct)
    {
        if (!Healed)
        {
            throw new InvalidOperationException("webhook receiver answered 500");
        }

        Successes.AddOrUpdate(envelope.MessageId, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}

public sealed record StepHappened(long Stream, int Step, bool FailOnce) : IAggregateEvent
{
    public static string EventType => "test.step.v1";

    (string Kind, long Id) IAggregateEvent.Aggregate => ("test-stream", Stream);
}

public sealed record HandedOver(string Note) : IIntegrationEvent
{
    public static string EventType => "test.handed-over.v1";
}

/// <summary>Records which step of which stream it took, and when, on one clock shared by every step handler.</summary>
public abstract class StepRecorder
{
    private static long _clock;

    public ConcurrentQueue<(long Stream, int Step, long At)> Taken { get; } = new();

    public ConcurrentDictionary<long, int> Calls { get; } = new();

    protected void Record(StepHappened @event, EventEnvelope envelope)
    {
        Calls.AddOrUpdate(envelope.MessageId, 1, (_, n) => n + 1);
        Taken.Enqueue((@event.Stream, @event.Step, Interlocked.Increment(ref _clock)));
    }
}

/// <summary>Fails the first delivery of a step marked so (a ledger that timed out), and needs each stream's steps in order.</summary>
public sealed class StrictStepHandler : StepRecorder, IOutboxHandler<StepHappened>
{
    public static string Name => "test.strict-step-handler";

    public Task HandleAsync(StepHappened @event, EventEnvelope envelope, CancellationToken ct)
    {
        if (@event.FailOnce && envelope.Attempt == 1)
        {
            Calls.AddOrUpdate(envelope.MessageId, 1, (_, n) => n + 1);
            throw new HttpRequestException("ledger endpoint timed out");
        }

        Record(@event, envelope);
        return Task.CompletedTask;
    }
}

/// <summary>Takes every step the first time.</summary>
public sealed class RelaxedStepHandler : StepRecorder, IOutboxHandler<StepHappened>
{
    public static string Name => "test.relaxed-step-handler";

    public Task HandleAsync(StepHappened @event, EventEnvelope envelope, CancellationToken ct)
    {
        Record(@event, envelope);
        return Task.CompletedTask;
    }
}

/// <summary>Plays another replica taking a message over while this one still delivers it (as when a claim ran out).</summary>
public sealed class TakeoverHandler(CirculaDbContext db) : IOutboxHandler<HandedOver>
{
    public const string OtherReplica = "another-replica:1:abcdef";

    public static string Name => "test.takeover-handler";

    public async Task HandleAsync(HandedOver @event, EventEnvelope envelope, CancellationToken ct)
    {
        if (@event.Note == "taken over")
        {
            await db.Database.ExecuteSqlAsync($"UPDATE outbox_messages SET claimed_by = {OtherReplica} WHERE id = {envelope.MessageId}", ct);
        }
    }
}

public sealed record Unheard(string Note) : IIntegrationEvent
{
    public static string EventType => "test.unheard.v1";
}

/// <summary>Switched off, as RabbitMQ publishing is when not enabled; fails should it ever be called.</summary>
public sealed class SwitchedOffHandler : IOutboxHandler<Unheard>
{
    public static string Name => "test.switched-off-handler";

    public static bool IsOn(IConfiguration configuration) => false;

    public Task HandleAsync(Unheard @event, EventEnvelope envelope, CancellationToken ct) =>
        throw new InvalidOperationException("a switched-off handler was called");
}

public abstract class OutboxServer : CirculaServer
{
    public FlakyHandler Flaky { get; } = new();

    public DoomedHandler Doomed { get; } = new();

    public StrictStepHandler StrictSteps { get; } = new();

    public RelaxedStepHandler RelaxedSteps { get; } = new();

    protected override IEnumerable<string> ExtraSettings => [.. base.ExtraSettings, "Circula:Outbox:MaxAttempts=3", "Circula:Outbox:BaseBackoff=00:00:01"];

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(Flaky).AddSingleton(OutboxSubscription.For<FlakyHappened, FlakyHandler>());
        services.AddSingleton(Doomed).AddSingleton(OutboxSubscription.For<DoomedHappened, DoomedHandler>());
        services.AddSingleton(StrictSteps).AddSingleton(OutboxSubscription.For<StepHappened, StrictStepHandler>());
        services.AddSingleton(RelaxedSteps).AddSingleton(OutboxSubscription.For<StepHappened, RelaxedStepHandler>());
        services.AddOutboxHandler<HandedOver, TakeoverHandler>();
        services.AddOutboxHandler<Unheard, SwitchedOffHandler>();
    }

    public Task<long> PublishAsync<T>(T @event) where T : IIntegrationEvent => WithScopeAsync(async sp =>
    {
        var message = sp.GetRequiredService<Outbox>().Add(@event);
        await sp.GetRequiredService<CirculaDbContext>().SaveChangesAsync();
        return message.Id;
    });

    /// <summary>Publishes the events in one transaction, so one batch claims them all.</summary>
    public Task<List<long>> PublishAllAsync<T>(params T[] events) where T : IIntegrationEvent => WithScopeAsync(async sp =>
    {
        var outbox = sp.GetRequiredService<Outbox>();
        var ids = new List<long>();
        foreach (var @event in events)
        {
            ids.Add(outbox.Add(@event).Id);
        }

        await sp.GetRequiredService<CirculaDbContext>().SaveChangesAsync();
        return ids;
    });

    public Task<List<OutboxMessage>> MessagesAsync(List<long> ids) => WithScopeAsync(sp =>
        sp.GetRequiredService<CirculaDbContext>().Set<OutboxMessage>().AsNoTracking().Where(m => ids.Contains(m.Id)).OrderBy(m => m.Id).ToListAsync());

    public Task<OutboxMessage> MessageAsync(long id) =>
        WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == id));
}

public sealed class OutboxServerOnSqlite : OutboxServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class OutboxServerOnPostgres : OutboxServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public abstract class OutboxTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : OutboxServer
{
    private static readonly TimeSpan PastAnyBackoff = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_handler_that_fails_twice_then_succeeds_gets_the_message_delivered_once()
    {
        var id = await server.PublishAsync(new FlakyHappened("flaky " + Guid.NewGuid()));

        await server.EventuallyAsync(async () => (await server.MessageAsync(id)).Status == OutboxStatus.Delivered, PastAnyBackoff);

        var message = await server.MessageAsync(id);
        Assert.Equal(2, message.Attempts);
        Assert.Equal(3, server.Flaky.Calls[id]);
        Assert.Equal(1, server.Flaky.Successes[id]);
        Assert.NotNull(message.DeliveredAt);
    }

    [Fact]
    public async Task A_handler_that_always_fails_ends_dead_and_an_operator_replays_it()
    {
        var id = await server.PublishAsync(new DoomedHappened("doomed"));
        await server.EventuallyAsync(async () => (await server.MessageAsync(id)).Status == OutboxStatus.Dead, PastAnyBackoff);
        var dead = await server.MessageAsync(id);
        Assert.Equal(3, dead.Attempts);
        Assert.Contains("webhook receiver answered 500", dead.LastError, StringComparison.Ordinal);

        var admin = await server.AdminClientAsync();
        var listed = await (await admin.GetAsync("/api/v1/admin/outbox?status=dead&type=test.doomed.v1")).ReadAs<JsonElement>();
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), m => m.GetProperty("id").GetString() == id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        server.Doomed.Healed = true;
        var replay = await admin.PostAsync($"/api/v1/admin/outbox/{id}/replay", null);
        Assert.Equal("pending", (await replay.ReadAs<JsonElement>()).GetProperty("status").GetString());
        await server.EventuallyAsync(async () => (await server.MessageAsync(id)).Status == OutboxStatus.Delivered, PastAnyBackoff);
        Assert.Equal(1, server.Doomed.Successes[id]);

        var again = await admin.PostAsync($"/api/v1/admin/outbox/{id}/replay", null);
        await again.ShouldBeProblem(HttpStatusCode.Conflict, "outbox_not_dead");
    }

    [Fact]
    public async Task Parallel_replays_of_one_dead_message_let_exactly_one_through()
    {
        server.Doomed.Healed = false;
        var id = await server.PublishAsync(new DoomedHappened("doomed twice"));
        await server.EventuallyAsync(async () => (await server.MessageAsync(id)).Status == OutboxStatus.Dead, PastAnyBackoff);

        var admin = await server.AdminClientAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => admin.PostAsync($"/api/v1/admin/outbox/{id}/replay", null)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Outbox_admin_needs_permission_and_validates_input()
    {
        var customer = await server.CreateUserAsync(Roles.Customer);
        await (await customer.Client.GetAsync("/api/v1/admin/outbox")).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await server.Client.GetAsync("/api/v1/admin/outbox")).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");

        var admin = await server.AdminClientAsync();
        await (await admin.GetAsync("/api/v1/admin/outbox?status=lost")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await admin.GetAsync("/api/v1/admin/outbox?pageSize=0")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await admin.PostAsync("/api/v1/admin/outbox/12345/replay", null)).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_handler_failing_mid_batch_holds_back_only_its_aggregates_later_events_and_every_event_reaches_every_handler()
    {
        var (a, b) = (Random.Shared.NextInt64(1, long.MaxValue), Random.Shared.NextInt64(1, long.MaxValue));
        var ids = await server.PublishAllAsync<StepHappened>([
            .. Enumerable.Range(1, 5).Select(step => new StepHappened(a, step, FailOnce: step == 2)),
            .. Enumerable.Range(1, 5).Select(step => new StepHappened(b, step, FailOnce: false))]);

        await server.EventuallyAsync(async () => (await server.MessagesAsync(ids)).All(m => m.Status == OutboxStatus.Delivered), PastAnyBackoff);

        var messages = await server.MessagesAsync(ids);
        Assert.All(messages.Take(5), m => Assert.Equal($"test-stream:{a}", m.AggregateKey));
        // Step 2 of a failed once; a's later steps were held back for the strict handler, not failed.
        Assert.Equal(new[] { 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, messages.Select(m => m.Attempts));
        Assert.Equal(2, server.StrictSteps.Calls[ids[1]]);
        Assert.All(ids.Where(id => id != ids[1]), id => Assert.Equal(1, server.StrictSteps.Calls[id]));
        Assert.All(ids, id => Assert.Equal(1, server.RelaxedSteps.Calls[id]));

        // The strict handler took a's steps in order; b's, and the relaxed handler's, did not wait for a's retry.
        var strict = server.StrictSteps.Taken.ToList();
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, strict.Where(t => t.Stream == a).Select(t => t.Step));
        var retried = strict.Single(t => t.Stream == a && t.Step == 2).At;
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, strict.Where(t => t.Stream == b).Select(t => t.Step));
        Assert.All(strict.Where(t => t.Stream == b), t => Assert.True(t.At < retried));
        Assert.All(server.RelaxedSteps.Taken.Where(t => t.Stream == a || t.Stream == b), t => Assert.True(t.At < retried));
    }

    [Fact]
    public async Task A_switched_off_handler_takes_no_delivery_and_its_messages_are_delivered_without_it()
    {
        var id = await server.PublishAsync(new Unheard("nobody listens"));

        await server.EventuallyAsync(async () => (await server.MessageAsync(id)).Status == OutboxStatus.Delivered, PastAnyBackoff);

        Assert.Equal(0, (await server.MessageAsync(id)).Attempts);
        Assert.Equal(0, await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<OutboxDelivery>().CountAsync(d => d.MessageId == id)));
    }

    [Fact]
    public async Task A_message_whose_claim_was_lost_is_not_marked_with_the_rest_of_its_batch()
    {
        var ids = await server.PublishAllAsync(new HandedOver("kept"), new HandedOver("taken over"), new HandedOver("kept"));

        // One statement marks the batch's delivered messages: once the two kept ones are, the batch is recorded.
        await server.EventuallyAsync(async () => (await server.MessagesAsync([ids[0], ids[2]])).All(m => m.Status == OutboxStatus.Delivered), PastAnyBackoff);

        var lost = await server.MessageAsync(ids[1]);
        Assert.Equal(OutboxStatus.Pending, lost.Status);
        Assert.Equal(TakeoverHandler.OtherReplica, lost.ClaimedBy);
        Assert.Null(lost.DeliveredAt);
        Assert.Equal(0, lost.Attempts);
        var receipts = await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<OutboxDelivery>()
            .CountAsync(d => ids.Contains(d.MessageId) && d.Handler == TakeoverHandler.Name));
        Assert.Equal(3, receipts);
    }

    [Fact]
    public async Task Two_replicas_deliver_each_message_to_a_handler_exactly_once()
    {
        await using var replica = await server.StartReplicaAsync();
        var ids = new List<long>();
        for (var i = 0; i < 60; i++)
        {
            ids.Add(await server.PublishAsync(new FlakyHappened("flaky batch " + i)));
        }

        await server.EventuallyAsync(async () =>
            await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<OutboxMessage>()
                .CountAsync(m => ids.Contains(m.Id) && m.Status == OutboxStatus.Delivered)) == ids.Count, PastAnyBackoff, TimeSpan.FromSeconds(60));

        Assert.All(ids, id => Assert.Equal(1, server.Flaky.Successes[id]));
    }
}

public sealed class OutboxTestsOnSqlite(OutboxServerOnSqlite server) : OutboxTests<OutboxServerOnSqlite>(server);

public sealed class OutboxTestsOnPostgres(OutboxServerOnPostgres server) : OutboxTests<OutboxServerOnPostgres>(server);
