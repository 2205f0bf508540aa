using System.Net.Http.Json;
using System.Net;
using Circula.Identity.Contracts;
using Circula.Identity;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Identity;

public abstract class RefreshTokenTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        server.Client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });

    [Fact]
    public async Task Refresh_rotates_the_pair_and_the_new_access_token_works()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var rotated = await (await RefreshAsync(user.Tokens.RefreshToken)).ReadAs<TokenResponse>();

        Assert.NotEqual(user.Tokens.RefreshToken, rotated.RefreshToken);
        Assert.Equal(900, rotated.ExpiresIn);
        await (await server.CreateClient(rotated.AccessToken).GetAsync("/api/v1/me")).ShouldBe(HttpStatusCode.OK);
        await (await RefreshAsync(rotated.RefreshToken)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Reusing_a_rotated_token_revokes_the_whole_family()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var second = await (await RefreshAsync(user.Tokens.RefreshToken)).ReadAs<TokenResponse>();
        var newest = await (await RefreshAsync(second.RefreshToken)).ReadAs<TokenResponse>();

        await (await RefreshAsync(user.Tokens.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "refresh_token_reused");
        await (await RefreshAsync(newest.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "refresh_token_reused");
    }

    [Fact]
    public async Task Of_ten_parallel_refreshes_of_one_token_exactly_one_wins()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => RefreshAsync(user.Tokens.RefreshToken)));

        var winners = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Single(winners);
        foreach (var loser in responses.Except(winners))
        {
            await loser.ShouldBeProblem(HttpStatusCode.Unauthorized, "refresh_token_reused");
        }

        // The losers were replays, so even the winner's new token is revoked with its family.
        var winner = await winners[0].ReadAs<TokenResponse>();
        await (await RefreshAsync(winner.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "refresh_token_reused");
    }

    [Fact]
    public async Task After_logout_the_refresh_token_is_401_and_logout_never_tells_whether_a_token_exists()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var rotated = await (await RefreshAsync(user.Tokens.RefreshToken)).ReadAs<TokenResponse>();

        await (await server.Client.PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = rotated.RefreshToken })).ShouldBe(HttpStatusCode.NoContent);
        await (await RefreshAsync(rotated.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        await (await server.Client.PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = "no-such-token" })).ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Unknown_and_expired_refresh_tokens_are_invalid()
    {
        await (await RefreshAsync("no-such-token")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        await (await server.Client.PostRawJsonAsync("/api/v1/auth/refresh", "{\"refreshToken\": \"\"}"))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");

        var user = await server.CreateUserAsync(Roles.Customer);
        await server.AdvanceClockAsync(TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1));
        await (await RefreshAsync(user.Tokens.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task A_disabled_user_can_neither_refresh_nor_sign_in()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var admin = await server.AdminClientAsync();

        await (await admin.PostAsync($"/api/v1/admin/users/{user.Id}/disable", null)).ShouldBe(HttpStatusCode.OK);
        await (await RefreshAsync(user.Tokens.RefreshToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        await (await server.Client.PostAsJsonAsync("/api/v1/auth/login", new { username = user.Username, password = user.Password }))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "account_disabled");
    }
}

public sealed class RefreshTokenTestsOnSqlite(SqliteServer server) : RefreshTokenTests<SqliteServer>(server);

public sealed class RefreshTokenTestsOnPostgres(PostgresServer server) : RefreshTokenTests<PostgresServer>(server);
