using System.Collections.Concurrent;
using System.Text.Json;
using Circula.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Identity;

/// <summary>
/// A loopback stand-in for api.weixin.qq.com: checks appid, secret and grant_type exactly, records every call and
/// answers like WeChat (JSON sent as text/plain); the mini program's server API (access token, subscribe messages) is in
/// WeChatPeer.MiniProgram.cs. Special codes make it fail in the ways the real service can.
/// </summary>
public sealed partial class WeChatPeer : IAsyncDisposable
{
    public const string AppId = "wx-peer-app-0001";
    public const string AppSecret = "peer-secret-0001";
    public const string SessionKey = "PEER-SESSION-KEY-must-never-be-stored";

    private WebApplication? _app;

    public ConcurrentQueue<IQueryCollection> Calls { get; } = new();

    public string BaseUrl { get; private set; } = "";

    /// <summary>What a Circula server needs to use this peer instead of WeChat, with the sandbox off.</summary>
    public IEnumerable<string> ServerSettings =>
    [
        "Circula:Sandbox:Enabled=false",
        $"Circula:WeChat:BaseUrl={BaseUrl}",
        $"Circula:WeChat:AppId={AppId}",
        $"Circula:WeChat:AppSecret={AppSecret}",
        "Circula:WeChat:TimeoutSeconds=1",
    ];

    public static string OpenIdFor(string code) => "peer_open_" + code;

    public static string UnionIdFor(string code) => "peer_union_" + code;

    public async Task StartAsync()
    {
        (_app, var baseUrl) = await LoopbackPeer.StartAsync(app =>
        {
            app.MapGet("/sns/jscode2session", AnswerAsync);
            MapMiniProgramApi(app);
        });
        BaseUrl = baseUrl;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var query = context.Request.Query;
        Calls.Enqueue(query);
        var code = query["js_code"].ToString();
        object reply = (query["appid"].ToString(), query["secret"].ToString(), query["grant_type"].ToString(), code) switch
        {
            (not AppId, _, _, _) => new { errcode = 40013, errmsg = "invalid appid" },
            (_, not AppSecret, _, _) => new { errcode = 40125, errmsg = "invalid appsecret" },
            (_, _, not "authorization_code", _) => new { errcode = 40002, errmsg = "invalid grant_type" },
            (_, _, _, "used") => new { errcode = 40163, errmsg = "code been used" },
            (_, _, _, "busy") => new { errcode = -1, errmsg = "system error" },
            _ => new { openid = OpenIdFor(code), session_key = SessionKey, unionid = UnionIdFor(code) },
        };
        switch (code)
        {
            case "slow":
                await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted);
                break;
            case "html":
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html>502 Bad Gateway</html>");
                return;
            case "drop":
                context.Abort();
                return;
        }

        // WeChat really does label its JSON as text/plain.
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(JsonSerializer.Serialize(reply));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
