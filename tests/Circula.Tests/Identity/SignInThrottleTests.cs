using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Circula.Identity;
using Circula.Identity.Contracts;
using Circula.Tests.Catalog;
using Circula.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Identity;

/// <summary>
/// Password sign-in is throttled per (account, client address) with growing delays, under a looser ceiling per account
/// that one address cannot reach alone; unknown and known usernames are answered alike, in about the same time.
/// </summary>
public abstract class SignInThrottleTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string username, string password) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new { username, password });

    private HttpClient From(string address) => ClientAddresses.From(address, server.BaseAddress);

    private static string Unknown() => "nobody-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Unknown_and_known_users_get_the_same_answers_throttling_included()
    {
        var user = await server.CreateUserAsync(Roles.Operator);
        var unknown = Unknown();
        using var client = From("127.0.0.40");

        for (var i = 0; i < 7; i++)
        {
            var known = await LoginAsync(client, user.Username, "wrong");
            var other = await LoginAsync(client, unknown, "wrong");
            Assert.Equal(known.StatusCode, other.StatusCode);
            Assert.Equal(known.Headers.RetryAfter?.Delta, other.Headers.RetryAfter?.Delta);
            Assert.Equal(Shape(await known.Content.ReadFromJsonAsync<JsonElement>()), Shape(await other.Content.ReadFromJsonAsync<JsonElement>()));
        }
    }

    [Fact]
    public async Task Unknown_and_known_users_are_answered_in_about_the_same_time()
    {
        const int samples = 9;
        var users = new List<SignedInUser>();
        for (var i = 0; i <= samples; i++)
        {
            users.Add(await server.CreateUserAsync(Roles.Operator));
        }

        // The first round warms both paths up and is not counted.
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i <= samples; i++)
        {
            var knownMs = await TimeWrongPasswordAsync(users[i].Username);
            var unknownMs = await TimeWrongPasswordAsync(Unknown());
            if (i > 0)
            {
                known.Add(knownMs);
                unknown.Add(unknownMs);
            }
        }

        var ratio = Median(unknown) / Median(known);
        Assert.True(ratio is > 0.5 and < 2.0,
            $"median {Median(unknown):F1} ms for unknown users against {Median(known):F1} ms for known ones (known: {string.Join(", ", known.Select(Ms))}; unknown: {string.Join(", ", unknown.Select(Ms))})");
    }

    [Fact]
    public async Task An_address_hammering_an_account_cannot_stop_its_owner_signing_in_from_elsewhere()
    {
        var owner = await server.CreateUserAsync(Roles.Operator);
        using var attacker = From("127.0.0.2");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            statuses.Add((await LoginAsync(attacker, owner.Username, "guess-" + i)).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), statuses.Take(5));
        Assert.All(statuses.Skip(5), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        using var elsewhere = From("127.0.0.3");
        await (await LoginAsync(elsewhere, owner.Username, owner.Password)).ShouldBe(HttpStatusCode.OK);
        var throttled = await LoginAsync(attacker, owner.Username, owner.Password);
        await throttled.ShouldBeProblem(HttpStatusCode.TooManyRequests, "sign_in_throttled");
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Failures_from_one_address_meet_growing_delays_and_the_right_password_ends_them()
    {
        var user = await server.CreateUserAsync(Roles.Operator);
        using var client = From("127.0.0.4");
        for (var i = 0; i < 5; i++)
        {
            await (await LoginAsync(client, user.Username, "wrong")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        var waits = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var throttled = await LoginAsync(client, user.Username, "wrong");
            var problem = await throttled.ShouldBeProblem(HttpStatusCode.TooManyRequests, "sign_in_throttled");
            var wait = throttled.Headers.RetryAfter!.Delta!.Value;
            Assert.Equal((int)wait.TotalSeconds, problem.GetProperty("retryAfter").GetInt32());
            waits.Add((int)wait.TotalSeconds);
            await server.AdvanceClockAsync(wait - TimeSpan.FromMilliseconds(1));
            await (await LoginAsync(client, user.Username, "wrong")).ShouldBe(HttpStatusCode.TooManyRequests);
            await server.AdvanceClockAsync(TimeSpan.FromMilliseconds(1));
            await (await LoginAsync(client, user.Username, "wrong")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        Assert.Equal([1, 2, 4, 8], waits);
        var rightButEarly = await LoginAsync(client, user.Username, user.Password);
        await rightButEarly.ShouldBeProblem(HttpStatusCode.TooManyRequests, "sign_in_throttled");
        await server.AdvanceClockAsync(rightButEarly.Headers.RetryAfter!.Delta!.Value);
        await (await LoginAsync(client, user.Username, user.Password)).ShouldBe(HttpStatusCode.OK);
        for (var i = 0; i < 5; i++)
        {
            await (await LoginAsync(client, user.Username, "wrong")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        }
    }

    [Fact]
    public async Task Parallel_guesses_from_one_address_cannot_slip_past_the_free_failures()
    {
        var user = await server.CreateUserAsync(Roles.Operator);
        using var client = From("127.0.0.5");

        var responses = await CatalogTestApi.InParallelAsync(20, i => LoginAsync(client, user.Username, "guess-" + i));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        Assert.InRange(responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized), 1, 5);
    }

    [Fact]
    public async Task Parallel_sign_ins_with_the_right_password_from_one_address_all_get_through()
    {
        var user = await server.CreateUserAsync(Roles.Operator);
        using var client = From("127.0.0.6");

        var responses = await CatalogTestApi.InParallelAsync(SignInThrottle.FreeFailuresPerAddress, _ => LoginAsync(client, user.Username, user.Password));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await (await LoginAsync(client, user.Username, user.Password)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Failures_from_many_addresses_reach_the_looser_account_ceiling()
    {
        var user = await server.CreateUserAsync(Roles.Operator);
        for (var address = 10; address < 14; address++)
        {
            using var client = From($"127.0.0.{address}");
            for (var i = 0; i < 8; i++)
            {
                await LoginAsync(client, user.Username, "wrong");
            }
        }

        // Each address counts at most five failures towards the account: twenty now, so the account waits a second.
        using var owner = From("127.0.0.20");
        var throttled = await LoginAsync(owner, user.Username, user.Password);
        await throttled.ShouldBeProblem(HttpStatusCode.TooManyRequests, "sign_in_throttled");
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.Headers.RetryAfter?.Delta);
        await server.AdvanceClockAsync(TimeSpan.FromSeconds(1));
        await (await LoginAsync(owner, user.Username, user.Password)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Throttle_rows_are_deleted_a_day_after_their_last_failure()
    {
        using var client = From("127.0.0.30");
        for (var i = 0; i < 3; i++)
        {
            await LoginAsync(client, Unknown(), "wrong");
        }

        Assert.True(await ThrottleRowsAsync() >= 6);
        await server.AdvanceClockAsync(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        await LoginAsync(client, Unknown(), "wrong");

        // Rows left by the other tests of this class can outnumber one batch: sweep as the worker does, until none is due.
        while (await server.WithScopeAsync(sp => sp.GetRequiredService<StaleSignInThrottles>().RunOnceAsync(CancellationToken.None)) > 0)
        {
        }

        Assert.Equal(2, await ThrottleRowsAsync());
    }

    private async Task<long> ThrottleRowsAsync() =>
        Convert.ToInt64(await server.Database.ScalarAsync("SELECT count(*) FROM sign_in_throttles"), CultureInfo.InvariantCulture);

    private async Task<double> TimeWrongPasswordAsync(string username)
    {
        // Each username fails once only, so throttling never shortens an answer.
        var watch = Stopwatch.StartNew();
        var response = await LoginAsync(server.Client, username, "wrong-password");
        watch.Stop();
        await response.ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string Ms(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>Every member but the trace id, which differs per request.</summary>
    private static string Shape(JsonElement problem) =>
        string.Join("\n", problem.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value}"));
}

public sealed class SignInThrottleTestsOnSqlite(SqliteServer server) : SignInThrottleTests<SqliteServer>(server);

public sealed class SignInThrottleTestsOnPostgres(PostgresServer server) : SignInThrottleTests<PostgresServer>(server);

/// <summary>Replicas count failures together: the throttle lives in the database.</summary>
public abstract class TwoProcessSignInThrottleTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task Two_processes_share_one_throttle()
    {
        var user = await server.CreateUserAsync(Roles.Operator);
        await using var first = await ServerProcess.StartAsync(server);
        await using var second = await ServerProcess.StartAsync(server);
        var clients = new[] { first.CreateClient(), second.CreateClient() };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            statuses.Add((await clients[i % 2].PostAsJsonAsync("/api/v1/auth/login", new { username = user.Username, password = "wrong" })).StatusCode);
        }

        // Alternating, neither process alone had seen five failures before the tenth attempt.
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), statuses.Take(5));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses.Take(9));
    }
}

public sealed class TwoProcessSignInThrottleTestsOnSqlite(SqliteServer server) : TwoProcessSignInThrottleTests<SqliteServer>(server);

public sealed class TwoProcessSignInThrottleTestsOnPostgres(PostgresServer server) : TwoProcessSignInThrottleTests<PostgresServer>(server);
