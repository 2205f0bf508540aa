using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Circula.Tests.Identity;

/// <summary>
/// The mini program's server API as WeChat answers it: <c>POST /cgi-bin/stable_token</c> (appid and secret checked; in
/// normal mode the current token comes back until it is invalidated, force_refresh replaces it and invalidates the old one)
/// and <c>POST /cgi-bin/message/subscribe/send</c> (the token must be the current one, else 40001; touser, template_id
/// and every data value are checked against WeChat's rules, else 40003, 40037 or 47003; a refusing customer is 43101).
/// </summary>
public sealed partial class WeChatPeer
{
    /// <summary>The subscribe-message template ids this mini program has, with the field keys each expects.</summary>
    public const string ShippedTemplate = "peer-tmpl-shipped_0001";

    private readonly Lock _tokenLock = new();
    private string? _token;
    private int _tokenSerial;

    /// <summary>How many tokens were fetched (every call to stable_token that answered one).</summary>
    public int TokenFetches;

    public ConcurrentQueue<JsonElement> SubscribeMessages { get; } = new();

    /// <summary>Openids whose owner refused or cancelled the subscription: sending to them answers 43101.</summary>
    public ConcurrentDictionary<string, bool> Refusing { get; } = new();

    /// <summary>Answers for a token call take this long, so parallel callers overlap.</summary>
    public TimeSpan TokenDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>WeChat invalidates the current token (as another fetch with force_refresh elsewhere would).</summary>
    public void InvalidateToken()
    {
        lock (_tokenLock)
        {
            _token = null;
        }
    }

    private void MapMiniProgramApi(WebApplication app)
    {
        app.MapPost("/cgi-bin/stable_token", TokenAsync);
        app.MapPost("/cgi-bin/message/subscribe/send", SendAsync);
    }

    private async Task TokenAsync(HttpContext context)
    {
        using var json = await JsonDocument.ParseAsync(context.Request.Body);
        var body = json.RootElement;
        string Text(string name) => body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        var force = body.TryGetProperty("force_refresh", out var f) && f.ValueKind == JsonValueKind.True;
        await Task.Delay(TokenDelay);
        object reply;
        if (Text("grant_type") != "client_credential")
        {
            reply = new { errcode = 40002, errmsg = "invalid grant_type" };
        }
        else if (Text("appid") != AppId)
        {
            reply = new { errcode = 40013, errmsg = "invalid appid" };
        }
        else if (Text("secret") != AppSecret)
        {
            reply = new { errcode = 40125, errmsg = "invalid appsecret" };
        }
        else
        {
            lock (_tokenLock)
            {
                if (force || _token is null)
                {
                    _token = $"peer_access_token_{++_tokenSerial}_{Guid.NewGuid():N}";
                }

                Interlocked.Increment(ref TokenFetches);
                reply = new { access_token = _token, expires_in = 7200 };
            }
        }

        await WriteAsync(context, reply);
    }

    private async Task SendAsync(HttpContext context)
    {
        using var json = await JsonDocument.ParseAsync(context.Request.Body);
        var body = json.RootElement;
        string? current;
        lock (_tokenLock)
        {
            current = _token;
        }

        string Text(string name) => body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        object reply;
        if (current is null || context.Request.Query["access_token"] != current)
        {
            reply = new { errcode = 40001, errmsg = "invalid credential, access_token is invalid or not latest" };
        }
        else if (!Text("touser").StartsWith("peer_open_", StringComparison.Ordinal))
        {
            reply = new { errcode = 40003, errmsg = "invalid openid" };
        }
        else if (Text("template_id") != ShippedTemplate)
        {
            reply = new { errcode = 40037, errmsg = "invalid template_id" };
        }
        else if (InvalidField(body) is { } field)
        {
            reply = new { errcode = 47003, errmsg = $"argument invalid! data.{field}.value invalid" };
        }
        else if (Refusing.ContainsKey(Text("touser")))
        {
            reply = new { errcode = 43101, errmsg = "user refuse to accept the msg" };
        }
        else
        {
            SubscribeMessages.Enqueue(body.Clone());
            reply = new { errcode = 0, errmsg = "ok" };
        }

        await WriteAsync(context, reply);
    }

    /// <summary>The first data field WeChat would refuse: not a {"value": text}, or a value breaking its kind's rule.</summary>
    private static string? InvalidField(JsonElement body)
    {
        if (!body.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object || !data.EnumerateObject().Any())
        {
            return "data";
        }

        foreach (var field in data.EnumerateObject())
        {
            var value = field.Value.ValueKind == JsonValueKind.Object && field.Value.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()!
                : null;
            var kind = FieldKey().Match(field.Name) is { Success: true } m ? m.Groups[1].Value : "";
            var valid = value is { Length: > 0 } && kind switch
            {
                "thing" => value.Length <= 20,
                "character_string" => value.Length <= 32 && value.All(c => c < 128),
                "number" => value.Length <= 32 && value.All(char.IsAsciiDigit),
                "time" or "date" => value.Length <= 24 && TimeValue().IsMatch(value),
                "amount" => AmountValue().IsMatch(value),
                "phrase" => value.Length <= 5,
                _ => false,
            };
            if (!valid)
            {
                return field.Name;
            }
        }

        return null;
    }

    private static Task WriteAsync(HttpContext context, object reply)
    {
        context.Response.ContentType = "application/json; charset=UTF-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(reply));
    }

    [GeneratedRegex(@"^([a-z_]+?)\d+$")]
    private static partial Regex FieldKey();

    [GeneratedRegex(@"^\d{4}年\d{1,2}月\d{1,2}日( \d{2}:\d{2})?$|^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$|^\d{2}:\d{2}$")]
    private static partial Regex TimeValue();

    [GeneratedRegex(@"^[¥￥$]?\d{1,10}(\.\d{1,2})?元?$")]
    private static partial Regex AmountValue();
}
