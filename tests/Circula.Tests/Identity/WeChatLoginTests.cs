using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Circula.Identity.Contracts;
using Circula.Identity.Endpoints;
using Circula.Identity;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Identity;

/// <summary>Mini-program sign-in against the server's built-in WeChat sandbox (enabled in the test settings).</summary>
public abstract class WeChatLoginTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private Task<HttpResponseMessage> LoginAsync(string code) => server.Client.PostAsJsonAsync("/api/v1/auth/wechat", new { code });

    private async Task<MeResponse> SignInAsync(string code)
    {
        var tokens = await (await LoginAsync(code)).ReadAs<TokenResponse>();
        return await (await server.CreateClient(tokens.AccessToken).GetAsync("/api/v1/me")).ReadAs<MeResponse>();
    }

    [Fact]
    public async Task First_sign_in_creates_a_customer_and_the_same_code_finds_the_same_user()
    {
        var code = "code-" + Guid.NewGuid().ToString("N");
        var first = await SignInAsync(code);
        var again = await SignInAsync(code);
        var other = await SignInAsync("code-" + Guid.NewGuid().ToString("N"));

        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal([Roles.Customer], first.Roles);
        Assert.True(first.HasWeChat);
        Assert.Matches("^微信用户[0-9a-f]{4}$", first.DisplayName);
    }

    [Fact]
    public async Task A_code_wechat_rejects_is_401_wechat_code_invalid()
    {
        await (await LoginAsync("invalid-code-123")).ShouldBeProblem(HttpStatusCode.Unauthorized, "wechat_code_invalid");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("码码码")]
    [InlineData("has space")]
    public async Task Ill_formed_codes_are_422(string code)
    {
        var problem = await (await LoginAsync(code)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("code", out _));
    }

    [Fact]
    public async Task Codes_of_128_characters_pass_and_129_are_422()
    {
        await (await LoginAsync(new string('c', 128))).ShouldBe(HttpStatusCode.OK);
        await (await LoginAsync(new string('c', 129))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Theory]
    [InlineData("secret=s&js_code=abc&grant_type=authorization_code", 41002)]
    [InlineData("appid=a&js_code=abc&grant_type=authorization_code", 41004)]
    [InlineData("appid=a&secret=s&grant_type=authorization_code", 41008)]
    [InlineData("appid=a&secret=s&js_code=abc&grant_type=client_credential", 40002)]
    [InlineData("appid=a&secret=s&js_code=invalid1&grant_type=authorization_code", 40029)]
    public async Task The_sandbox_checks_its_parameters_like_wechat(string query, int expectedErrorCode)
    {
        var reply = await server.Client.GetFromJsonAsync<JsonElement>("/sandbox/wechat/sns/jscode2session?" + query);
        Assert.Equal(expectedErrorCode, reply.GetProperty("errcode").GetInt32());
        Assert.False(reply.TryGetProperty("openid", out _));
    }

    [Fact]
    public async Task The_sandbox_maps_a_code_to_a_stable_openid()
    {
        const string query = "/sandbox/wechat/sns/jscode2session?appid=a&secret=s&js_code=abc&grant_type=authorization_code";
        var first = await server.Client.GetFromJsonAsync<JsonElement>(query);
        var second = await server.Client.GetFromJsonAsync<JsonElement>(query);

        Assert.Matches("^sbx_[0-9a-f]{24}$", first.GetProperty("openid").GetString());
        Assert.Equal(first.GetProperty("openid").GetString(), second.GetProperty("openid").GetString());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("session_key").GetString()));
    }
}

public sealed class WeChatLoginTestsOnSqlite(SqliteServer server) : WeChatLoginTests<SqliteServer>(server);

public sealed class WeChatLoginTestsOnPostgres(PostgresServer server) : WeChatLoginTests<PostgresServer>(server);
