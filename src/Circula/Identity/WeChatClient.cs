using System.Text.Json;
using Circula.Identity.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Identity;

public enum WeChatFailure
{
    None,

    /// <summary>WeChat rejected the code (40029 invalid, 40163 already used): the client should get a new one.</summary>
    InvalidCode,

    /// <summary>Network failure, timeout, an unreadable answer or any other errcode.</summary>
    Unavailable,
}

/// <summary>Who WeChat says signed in; the session_key is deliberately not part of it.</summary>
public sealed record WeChatSession(string? OpenId, string? UnionId, WeChatFailure Failure)
{
    public static readonly WeChatSession Unavailable = new(null, null, WeChatFailure.Unavailable);
}

/// <summary>Typed client for WeChat's <c>sns/jscode2session</c>, or a stand-in imitating it when the host registers one.</summary>
public sealed class WeChatClient(HttpClient http, IOptions<WeChatOptions> options, ILogger<WeChatClient> logger, IWeChatStandIn? standIn = null)
{
    public async Task<WeChatSession> Code2SessionAsync(string code, CancellationToken ct)
    {
        var o = options.Value;
        var url = $"{BaseUrl()}/sns/jscode2session?appid={Uri.EscapeDataString(o.AppId!)}&secret={Uri.EscapeDataString(o.AppSecret!)}" +
            $"&js_code={Uri.EscapeDataString(code)}&grant_type=authorization_code";
        string body;
        try
        {
            using var response = await http.GetAsync(new Uri(url), ct);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("WeChat jscode2session answered HTTP {Status}", (int)response.StatusCode);
                return WeChatSession.Unavailable;
            }

            body = await response.Content.ReadAsStringAsync(ct);
        }
        catch (HttpRequestException e)
        {
            // The message names host and port, never the URL: its query carries the app secret and the code.
            logger.LogWarning("WeChat jscode2session failed: {Error}", e.Message);
            return WeChatSession.Unavailable;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("WeChat jscode2session timed out after {Seconds} s", o.TimeoutSeconds);
            return WeChatSession.Unavailable;
        }

        return Parse(body);
    }

    /// <summary>WeChat may send JSON as text/plain, so the body is parsed whatever its content type says.</summary>
    private WeChatSession Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                logger.LogWarning("WeChat jscode2session answered JSON that is not an object");
                return WeChatSession.Unavailable;
            }

            var errorCode = root.TryGetProperty("errcode", out var e) && e.TryGetInt32(out var n) ? n : 0;
            if (errorCode != 0)
            {
                logger.LogWarning("WeChat jscode2session answered errcode {ErrorCode}: {ErrorMessage}", errorCode, Text(root, "errmsg"));
                return new WeChatSession(null, null, errorCode is 40029 or 40163 ? WeChatFailure.InvalidCode : WeChatFailure.Unavailable);
            }

            var openId = Text(root, "openid");
            return string.IsNullOrEmpty(openId)
                ? WeChatSession.Unavailable
                : new WeChatSession(openId, Text(root, "unionid") is { Length: > 0 } unionId ? unionId : null, WeChatFailure.None);
        }
        catch (JsonException)
        {
            logger.LogWarning("WeChat jscode2session answered a body that is not JSON ({Length} chars)", body.Length);
            return WeChatSession.Unavailable;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private string BaseUrl() =>
        !string.IsNullOrWhiteSpace(options.Value.BaseUrl) ? options.Value.BaseUrl.TrimEnd('/') : standIn?.BaseUrl ?? WeChatOptions.ProductionBaseUrl;
}
