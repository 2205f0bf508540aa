using System.Net;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Circula.Tests.Platform;

/// <summary>
/// The database going away: every request answers 503 service_unavailable with Retry-After (never a 500), readiness says
/// not ready, the outage is logged once with no stack trace, and the server recovers by itself, logging that once too.
/// </summary>
public sealed class PostgresOutageTests(PostgresOutageTests.ProxiedServer server) : IClassFixture<PostgresOutageTests.ProxiedServer>
{
    /// <summary>The server reaches the test cluster through a proxy the test can cut, with a small pool it can exhaust.</summary>
    public sealed class ProxiedServer : PostgresServer
    {
        public const int PoolSize = 5;

        public CuttableTcpProxy Proxy { get; private set; } = null!;

        protected override Task StartDependenciesAsync()
        {
            var cluster = new NpgsqlConnectionStringBuilder(TestPostgres.AdminConnectionString);
            Proxy = new CuttableTcpProxy(new IPEndPoint(IPAddress.Parse(cluster.Host!), cluster.Port));
            return Task.CompletedTask;
        }

        protected override string ServerConnectionString =>
            new NpgsqlConnectionStringBuilder(ConnectionString) { Host = "127.0.0.1", Port = Proxy.Port, MaxPoolSize = PoolSize, Timeout = 2 }.ConnectionString;

        protected override ValueTask StopDependenciesAsync() => Proxy.DisposeAsync();
    }

    [Fact]
    public async Task A_stopped_database_is_a_503_logged_once_and_the_server_recovers_by_itself()
    {
        var customer = await server.CreateUserAsync(Roles.Customer);
        var logged = await OutageAnswers.ReadyAsync(server);

        server.Proxy.Cut();
        for (var round = 0; round < 3; round++)
        {
            await OutageAnswers.ShouldBeUnavailable(await customer.Client.GetAsync("/api/v1/me"));
            await OutageAnswers.ShouldBeUnavailable(await server.Client.GetAsync("/api/v1/products"));
            await OutageAnswers.ShouldBeUnavailable(await server.Client.PostAsync("/api/v1/auth/login",
                System.Net.Http.Json.JsonContent.Create(new { username = "admin", password = CirculaServer.AdminPassword })));
            await (await server.Client.GetAsync("/health/ready")).ShouldBe(HttpStatusCode.ServiceUnavailable);
        }

        server.Proxy.Restore();
        await OutageAnswers.RecoversAsync(server, customer, logged);
    }

    [Fact]
    public async Task Sessions_an_administrator_terminates_are_503s_then_new_ones_work()
    {
        var customer = await server.CreateUserAsync(Roles.Customer);
        await (await customer.Client.GetAsync("/api/v1/me")).ShouldBe(HttpStatusCode.OK);

        await OutageAnswers.ReadyAsync(server);
        await server.Database.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2 * ProxiedServer.PoolSize && statuses.LastOrDefault() != HttpStatusCode.OK; i++)
        {
            var response = await customer.Client.GetAsync("/api/v1/me");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                await OutageAnswers.ShouldBeUnavailable(response);
            }

            statuses.Add(response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, statuses.Last());
        await OutageAnswers.ReadyAsync(server);
    }

    [Fact]
    public async Task An_exhausted_connection_pool_is_a_503_with_retry_after()
    {
        var customer = await server.CreateUserAsync(Roles.Customer);
        var logged = await OutageAnswers.ReadyAsync(server);
        var holders = new List<AsyncServiceScope>();
        for (var i = 0; i < ProxiedServer.PoolSize; i++)
        {
            var scope = server.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CirculaDbContext>().Database.OpenConnectionAsync();
            holders.Add(scope);
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => customer.Client.GetAsync("/api/v1/me")));
        foreach (var answer in answers)
        {
            await OutageAnswers.ShouldBeUnavailable(answer);
        }

        foreach (var holder in holders)
        {
            await holder.DisposeAsync();
        }

        await OutageAnswers.RecoversAsync(server, customer, logged);
    }
}

/// <summary>SQLite's outage: the file stays locked by another writer past the busy timeout.</summary>
public sealed class SqliteOutageTests(SqliteOutageTests.ShortBusyTimeoutServer server) : IClassFixture<SqliteOutageTests.ShortBusyTimeoutServer>
{
    public sealed class ShortBusyTimeoutServer : SqliteServer
    {
        protected override string ServerConnectionString => ConnectionString + ";Default Timeout=1";
    }

    [Fact]
    public async Task A_write_lock_held_past_the_busy_timeout_is_a_503_logged_once_and_the_server_recovers()
    {
        var customer = await server.CreateUserAsync(Roles.Customer);
        var logged = await OutageAnswers.ReadyAsync(server);
        await using (var locker = new SqliteConnection(server.ConnectionString))
        {
            await locker.OpenAsync();
            await using var transaction = await locker.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);
            await using var write = locker.CreateCommand();
            write.CommandText = "UPDATE app_state SET updated_at = updated_at";
            await write.ExecuteNonQueryAsync();

            for (var round = 0; round < 3; round++)
            {
                await OutageAnswers.ShouldBeUnavailable(await customer.Client.PutAsync("/api/v1/me/phone",
                    System.Net.Http.Json.JsonContent.Create(new { phone = "13800001111" })));
                await (await server.Client.GetAsync("/health/ready")).ShouldBe(HttpStatusCode.ServiceUnavailable);
            }
        }

        await OutageAnswers.RecoversAsync(server, customer, logged);
        await (await customer.Client.PutAsync("/api/v1/me/phone", System.Net.Http.Json.JsonContent.Create(new { phone = "13800001111" })))
            .ShouldBe(HttpStatusCode.NoContent);
    }
}

internal static class OutageAnswers
{
    public static async Task ShouldBeUnavailable(HttpResponseMessage response)
    {
        var problem = await response.ShouldBeProblem(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
    }

    /// <summary>Waits until the server is ready (no outage of an earlier test still counting); how many entries are logged so far.</summary>
    public static async Task<int> ReadyAsync(CirculaServer server)
    {
        await server.EventuallyAsync(async () => (await server.Client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK);
        return server.Logs.Entries.Count;
    }

    /// <summary>Ready again, serving again, and the whole outage logged as one line when it began and one when it ended, with no stack trace.</summary>
    public static async Task RecoversAsync(CirculaServer server, SignedInUser customer, int loggedBefore)
    {
        await ReadyAsync(server);
        await (await customer.Client.GetAsync("/api/v1/me")).ShouldBe(HttpStatusCode.OK);

        var logged = server.Logs.Entries.Skip(loggedBefore).ToList();
        Assert.Single(logged, e => e.Message.StartsWith("The database is unavailable", StringComparison.Ordinal));
        Assert.Single(logged, e => e.Message.StartsWith("The database is available again", StringComparison.Ordinal));
        Assert.True(logged.All(e => e.Exception is null), string.Join(Environment.NewLine, logged.Where(e => e.Exception is not null).Select(e => $"{e.Category}: {e.Message}")));
    }
}
