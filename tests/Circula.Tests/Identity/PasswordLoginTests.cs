using System.Net.Http.Json;
using System.Net;
using Circula.Identity.Contracts;
using Circula.Identity;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Identity;

public abstract class PasswordLoginTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private Task<HttpResponseMessage> LoginAsync(string username, string password) =>
        server.Client.PostAsJsonAsync("/api/v1/auth/login", new { username, password });

    [Fact]
    public async Task Right_password_issues_a_working_token_pair()
    {
        var user = await server.CreateUserAsync(Roles.Operator);
        var tokens = await (await LoginAsync(user.Username, user.Password)).ReadAs<TokenResponse>();

        Assert.Equal(900, tokens.ExpiresIn);
        Assert.NotEqual(user.Tokens.RefreshToken, tokens.RefreshToken);
        await (await server.CreateClient(tokens.AccessToken).GetAsync("/api/v1/me")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_are_both_invalid_credentials()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        await (await LoginAsync(user.Username, "not-the-password")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        await (await LoginAsync("nobody-" + Guid.NewGuid().ToString("N"), "whatever")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task Oversized_username_is_422_with_the_field_named()
    {
        var problem = await (await LoginAsync(new string('a', 10 * 1024), "x")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("username", out _));
    }

    [Theory]
    [InlineData("{\"username\": \"admin\", \"password\": ")]
    [InlineData("not json at all")]
    [InlineData("{\"username\": 12, \"password\": \"x\"}")]
    [InlineData("{\"username\": \"admin\", \"password\": [\"x\"]}")]
    public async Task Malformed_json_and_wrong_json_types_are_400(string body)
    {
        var response = await server.Client.PostRawJsonAsync("/api/v1/auth/login", body);
        await response.ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
    }
}

public sealed class PasswordLoginTestsOnSqlite(SqliteServer server) : PasswordLoginTests<SqliteServer>(server);

public sealed class PasswordLoginTestsOnPostgres(PostgresServer server) : PasswordLoginTests<PostgresServer>(server);
