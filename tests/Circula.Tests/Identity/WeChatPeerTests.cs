using System.Net.Http.Json;
using System.Net;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Identity.Endpoints;
using Circula.Identity;
using Circula.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Identity;

/// <summary>A server configured like production (sandbox off) that talks to <see cref="WeChatPeer"/> over loopback.</summary>
public interface IHasWeChatPeer
{
    WeChatPeer Peer { get; }
}

public abstract class WeChatPeerTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer, IHasWeChatPeer
{
    private Task<HttpResponseMessage> LoginAsync(string code) => server.Client.PostAsJsonAsync("/api/v1/auth/wechat", new { code });

    [Fact]
    public async Task Sign_in_sends_the_configured_credentials_and_stores_openid_and_unionid_but_not_the_session_key()
    {
        var code = "peer" + Guid.NewGuid().ToString("N")[..8];
        var tokens = await (await LoginAsync(code)).ReadAs<TokenResponse>();

        var call = Assert.Single(server.Peer.Calls, c => c["js_code"] == code);
        Assert.Equal(WeChatPeer.AppId, call["appid"]);
        Assert.Equal(WeChatPeer.AppSecret, call["secret"]);
        Assert.Equal("authorization_code", call["grant_type"]);

        var userId = (await (await server.CreateClient(tokens.AccessToken).GetAsync("/api/v1/me")).ReadAs<MeResponse>()).Id;
        var user = await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<User>().AsNoTracking().SingleAsync(u => u.Id == userId));
        Assert.Equal(WeChatPeer.OpenIdFor(code), user.WeChatOpenId);
        Assert.Equal(WeChatPeer.UnionIdFor(code), user.WeChatUnionId);
        Assert.DoesNotContain(WeChatPeer.SessionKey, System.Text.Json.JsonSerializer.Serialize(user), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_used_code_is_401_wechat_code_invalid()
    {
        await (await LoginAsync("used")).ShouldBeProblem(HttpStatusCode.Unauthorized, "wechat_code_invalid");
    }

    [Theory]
    [InlineData("busy")]
    [InlineData("slow")]
    [InlineData("html")]
    [InlineData("drop")]
    public async Task Wechat_errors_timeouts_and_broken_answers_are_502_wechat_unavailable(string code)
    {
        await (await LoginAsync(code)).ShouldBeProblem(HttpStatusCode.BadGateway, "wechat_unavailable");
    }

    [Fact]
    public async Task The_sandbox_endpoint_is_not_mapped_when_the_sandbox_is_off()
    {
        var response = await server.Client.GetAsync("/sandbox/wechat/sns/jscode2session?appid=a&secret=s&js_code=abc&grant_type=authorization_code");
        await response.ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }
}

public sealed class SqliteServerWithWeChatPeer : SqliteServer, IHasWeChatPeer
{
    public WeChatPeer Peer { get; } = new();

    protected override IEnumerable<string> ExtraSettings => Peer.ServerSettings;

    protected override Task StartDependenciesAsync() => Peer.StartAsync();

    protected override ValueTask StopDependenciesAsync() => Peer.DisposeAsync();
}

public sealed class PostgresServerWithWeChatPeer : PostgresServer, IHasWeChatPeer
{
    public WeChatPeer Peer { get; } = new();

    protected override IEnumerable<string> ExtraSettings => Peer.ServerSettings;

    protected override Task StartDependenciesAsync() => Peer.StartAsync();

    protected override ValueTask StopDependenciesAsync() => Peer.DisposeAsync();
}

public sealed class WeChatPeerTestsOnSqlite(SqliteServerWithWeChatPeer server) : WeChatPeerTests<SqliteServerWithWeChatPeer>(server);

public sealed class WeChatPeerTestsOnPostgres(PostgresServerWithWeChatPeer server) : WeChatPeerTests<PostgresServerWithWeChatPeer>(server);
