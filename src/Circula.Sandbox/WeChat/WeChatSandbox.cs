using System.Security.Cryptography;
using System.Text.Json.Serialization;
using System.Text;
using Circula.Identity;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Circula.Sandbox.WeChat;

/// <summary>What WeChat's jscode2session answers: either the session fields or errcode/errmsg.</summary>
public sealed record WeChatSandboxReply(
    [property: JsonPropertyName("openid"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OpenId,
    [property: JsonPropertyName("session_key"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SessionKey,
    [property: JsonPropertyName("errcode"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ErrorCode,
    [property: JsonPropertyName("errmsg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorMessage)
{
    public static WeChatSandboxReply Error(int code, string message) => new(null, null, code, message);
}

/// <summary>
/// A stand-in for WeChat's <c>GET /sns/jscode2session</c>, mapped only when the sandbox is enabled. It checks the
/// parameters as WeChat does; every well-formed code maps to a stable openid, codes starting with "invalid" fail.
/// </summary>
public static class WeChatSandbox
{
    public const string BasePath = "/sandbox/wechat";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(BasePath + "/sns/jscode2session", Handle)
            .WithTags("Sandbox")
            .WithName("SandboxWeChatCode2Session")
            .WithSummary("SANDBOX ONLY (not WeChat): imitates WeChat jscode2session for development and tests")
            .WithDescription("Any js_code of 1..128 printable ASCII characters maps to a stable sandbox openid; codes starting with " +
                "'invalid' answer errcode 40029. Like WeChat, errors are HTTP 200 with errcode/errmsg.")
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .WithResponseExample(new WeChatSandboxReply("sbx_3f1c9a0d5e7b2c4a6d8e0f1a", "tiihtNczf5v6AKRyjwEUhQ==", null, null));

    public static Ok<WeChatSandboxReply> Handle(
        string? appid, string? secret, [FromQuery(Name = "js_code")] string? jsCode, [FromQuery(Name = "grant_type")] string? grantType)
    {
        var reply = (appid, secret, jsCode, grantType) switch
        {
            ({ Length: 0 } or null, _, _, _) => WeChatSandboxReply.Error(41002, "appid missing"),
            (_, { Length: 0 } or null, _, _) => WeChatSandboxReply.Error(41004, "appsecret missing"),
            (_, _, { Length: 0 } or null, _) => WeChatSandboxReply.Error(41008, "missing code"),
            (_, _, _, not "authorization_code") => WeChatSandboxReply.Error(40002, "invalid grant_type"),
            _ when !WeChatLoginRequest.IsWellFormedCode(jsCode) || jsCode.StartsWith("invalid", StringComparison.Ordinal) =>
                WeChatSandboxReply.Error(40029, "invalid code"),
            _ => new WeChatSandboxReply(SandboxOpenId(appid, jsCode), Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), null, null),
        };
        return TypedResults.Ok(reply);
    }

    /// <summary>Stable per app and code, like a real openid is stable per app and user.</summary>
    public static string SandboxOpenId(string appId, string code) =>
        "sbx_" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appId), Encoding.UTF8.GetBytes(code)))[..24];
}
