using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Circula.Identity;
using Circula.Identity.Contracts;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Identity;

/// <summary>Demoting, disabling and logging out take effect on access tokens already issued, within a second.</summary>
public abstract class RevocationTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private const string UsersUrl = "/api/v1/admin/users";

    [Fact]
    public async Task A_demoted_operator_is_refused_403_with_the_token_they_already_hold()
    {
        var admin = await server.AdminClientAsync();
        var operatorUser = await server.CreateUserAsync(Roles.Operator);
        await (await operatorUser.Client.GetAsync(UsersUrl)).ShouldBe(HttpStatusCode.OK);

        await (await admin.PutAsJsonAsync($"{UsersUrl}/{operatorUser.Id}/roles", new { roles = new[] { Roles.Customer } })).ShouldBe(HttpStatusCode.OK);

        await Revocation.RefusedWithinOneSecondAsync(() => operatorUser.Client.GetAsync(UsersUrl), HttpStatusCode.Forbidden, "forbidden");
        await (await operatorUser.Client.GetAsync("/api/v1/me")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_disabled_user_is_refused_401_with_the_token_they_already_hold()
    {
        var admin = await server.AdminClientAsync();
        var user = await server.CreateUserAsync(Roles.Operator);
        await (await user.Client.GetAsync("/api/v1/me")).ShouldBe(HttpStatusCode.OK);

        await (await admin.PostAsync($"{UsersUrl}/{user.Id}/disable", null)).ShouldBe(HttpStatusCode.OK);

        await Revocation.RefusedWithinOneSecondAsync(() => user.Client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Logout_ends_the_access_token_of_its_sign_in_and_no_other()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var other = server.CreateClient((await server.LoginAsync(user.Username, user.Password)).AccessToken);
        await (await user.Client.GetAsync("/api/v1/me")).ShouldBe(HttpStatusCode.OK);

        await (await server.Client.PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = user.Tokens.RefreshToken })).ShouldBe(HttpStatusCode.NoContent);

        await Revocation.RefusedWithinOneSecondAsync(() => user.Client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "invalid_token");
        await (await other.GetAsync("/api/v1/me")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_refreshed_token_works_and_a_replayed_refresh_token_ends_the_access_tokens_of_its_sign_in()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var rotated = await (await server.Client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.Tokens.RefreshToken })).ReadAs<TokenResponse>();
        var client = server.CreateClient(rotated.AccessToken);
        await (await client.GetAsync("/api/v1/me")).ShouldBe(HttpStatusCode.OK);
        await (await user.Client.GetAsync("/api/v1/me")).ShouldBe(HttpStatusCode.OK);

        await (await server.Client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.Tokens.RefreshToken }))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "refresh_token_reused");

        await Revocation.RefusedWithinOneSecondAsync(() => client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "invalid_token");
    }
}

public sealed class RevocationTestsOnSqlite(SqliteServer server) : RevocationTests<SqliteServer>(server);

public sealed class RevocationTestsOnPostgres(PostgresServer server) : RevocationTests<PostgresServer>(server);

/// <summary>The same on two server processes: a change made through one is in force on the other within a second.</summary>
public abstract class TwoProcessRevocationTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task Demoting_disabling_and_logging_out_through_one_process_take_effect_on_the_other_within_a_second()
    {
        var demoted = await server.CreateUserAsync(Roles.Operator);
        var disabled = await server.CreateUserAsync(Roles.Operator);
        var leaving = await server.CreateUserAsync(Roles.Customer);
        var staying = await server.LoginAsync(leaving.Username, leaving.Password);
        await using var first = await ServerProcess.StartAsync(server);
        await using var second = await ServerProcess.StartAsync(server);
        var admin = first.CreateClient((await server.LoginAsync(AdminBootstrap.AdminUsername, CirculaServer.AdminPassword)).AccessToken);
        var demotedThere = second.CreateClient(demoted.Tokens.AccessToken);
        var disabledThere = second.CreateClient(disabled.Tokens.AccessToken);
        var leavingThere = second.CreateClient(leaving.Tokens.AccessToken);
        var stayingThere = second.CreateClient(staying.AccessToken);
        // Each token is used on the second process first, so what it knows about them is in its cache.
        await (await demotedThere.GetAsync("/api/v1/admin/users")).ShouldBe(HttpStatusCode.OK);
        await (await disabledThere.GetAsync("/api/v1/me")).ShouldBe(HttpStatusCode.OK);
        await (await leavingThere.GetAsync("/api/v1/me")).ShouldBe(HttpStatusCode.OK);
        await (await stayingThere.GetAsync("/api/v1/me")).ShouldBe(HttpStatusCode.OK);

        await (await admin.PutAsJsonAsync($"/api/v1/admin/users/{demoted.Id}/roles", new { roles = new[] { Roles.Customer } })).ShouldBe(HttpStatusCode.OK);
        await Revocation.RefusedWithinOneSecondAsync(() => demotedThere.GetAsync("/api/v1/admin/users"), HttpStatusCode.Forbidden, "forbidden");

        await (await admin.PostAsync($"/api/v1/admin/users/{disabled.Id}/disable", null)).ShouldBe(HttpStatusCode.OK);
        await Revocation.RefusedWithinOneSecondAsync(() => disabledThere.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "invalid_token");

        await (await first.CreateClient().PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = leaving.Tokens.RefreshToken })).ShouldBe(HttpStatusCode.NoContent);
        await Revocation.RefusedWithinOneSecondAsync(() => leavingThere.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "invalid_token");
        await (await stayingThere.GetAsync("/api/v1/me")).ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class TwoProcessRevocationTestsOnSqlite(SqliteServer server) : TwoProcessRevocationTests<SqliteServer>(server);

public sealed class TwoProcessRevocationTestsOnPostgres(PostgresServer server) : TwoProcessRevocationTests<PostgresServer>(server);

internal static class Revocation
{
    /// <summary>
    /// Sends until the answer is <paramref name="status"/> with <paramref name="code"/>; fails when a request sent one
    /// second or more after the change still got another answer.
    /// </summary>
    public static async Task RefusedWithinOneSecondAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode status, string code)
    {
        var sinceChange = Stopwatch.StartNew();
        while (true)
        {
            var sentAt = sinceChange.Elapsed;
            var response = await send();
            if (response.StatusCode == status)
            {
                await response.ShouldBeProblem(status, code);
                return;
            }

            Assert.True(sentAt < TimeSpan.FromSeconds(1),
                $"A request sent {sentAt.TotalMilliseconds:F0} ms after the change was still answered {(int)response.StatusCode}.");
            await Task.Delay(50);
        }
    }
}
