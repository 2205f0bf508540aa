using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Circula.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Circula.Tests.Notifications;

/// <summary>A message a robot service took: which robot, when (by the test clock), the format and the text a member would read.</summary>
public sealed record RobotMessage(string Service, string Robot, DateTimeOffset At, string Format, string Text);

/// <summary>
/// Loopback stand-ins for the WeCom, Feishu and DingTalk robot services, checking what the real ones check: the body
/// format of each message type, the signature and its one-hour window (Feishu in the body, DingTalk in the URL, computed
/// here independently), content limits, and the per-robot rate limit over a sliding window of the test clock (WeCom
/// answers 45009, DingTalk 130101). Unknown robots get the services' invalid-robot codes. A robot can be scripted to
/// answer given error codes first.
/// </summary>
public sealed class RobotPeer(TimeProvider clock, TimeSpan rateWindow) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string?> _robots = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<long>> _scripts = new();
    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> _sends = new();
    private WebApplication? _app;

    public string BaseUrl { get; private set; } = "";

    public ConcurrentQueue<RobotMessage> Messages { get; } = new();

    /// <summary>Every answer given, robot and code (0 = taken), in order.</summary>
    public ConcurrentQueue<(string Robot, long Code)> Answers { get; } = new();

    public async Task StartAsync()
    {
        (_app, BaseUrl) = await LoopbackPeer.StartAsync(app =>
        {
            app.MapPost("/cgi-bin/webhook/send", (Delegate)WeComAsync);
            app.MapPost("/open-apis/bot/v2/hook/{token}", FeishuAsync);
            app.MapPost("/robot/send", (Delegate)DingTalkAsync);
        });
    }

    /// <summary>Creates a robot (a key or token the service knows), with a signing secret or none; answers its id.</summary>
    public string AddRobot(string? secret = null)
    {
        var id = Guid.NewGuid().ToString("N");
        _robots[id] = secret;
        return id;
    }

    /// <summary>The robot answers these error codes to its next calls, then takes messages again.</summary>
    public void Script(string robot, params long[] codes) => _scripts[robot] = new ConcurrentQueue<long>(codes);

    public string WeComUrl(string key) => $"{BaseUrl}/cgi-bin/webhook/send?key={key}";

    public string FeishuUrl(string token) => $"{BaseUrl}/open-apis/bot/v2/hook/{token}";

    public string DingTalkUrl(string token) => $"{BaseUrl}/robot/send?access_token={token}";

    public List<RobotMessage> For(string robot) => Messages.Where(m => m.Robot == robot).ToList();

    private async Task<IResult> WeComAsync(HttpContext context)
    {
        var key = context.Request.Query["key"].ToString();
        var (body, _) = await ReadAsync(context);
        long code = (body, _robots.ContainsKey(key)) switch
        {
            (_, false) => 93000L,
            (null, _) => 40001L,
            _ => Scripted(key) ?? RateLimited(key, 20, 45009) ?? 0L,
        };
        if (code == 0)
        {
            var type = body!.Value.GetProperty("msgtype").GetString();
            var content = type is "text" or "markdown" && body.Value.TryGetProperty(type, out var part) && part.TryGetProperty("content", out var c) ? c.GetString() : null;
            code = content switch
            {
                null => 40008,
                "" => 44004,
                _ when Encoding.UTF8.GetByteCount(content) > (type == "text" ? 2048 : 4096) => 40058,
                _ => 0,
            };
            Take("wecom", key, code, type!, content);
        }

        return Answer(key, code, new { errcode = code, errmsg = code == 0 ? "ok" : $"error {code}, more info at https://open.work.weixin.qq.com/devtool/query?e={code}" });
    }

    private async Task<IResult> FeishuAsync(HttpContext context, string token)
    {
        var (body, raw) = await ReadAsync(context);
        if (body is null || raw.Length > 20 * 1024)
        {
            return Results.Json(new { code = 9499, msg = "Bad Request" }, statusCode: 400);
        }

        var root = body.Value;
        long code = !_robots.TryGetValue(token, out var secret) ? 19001
            : secret is not null && !FeishuSigned(root, secret) ? 19021
            : Scripted(token) ?? RateLimited(token, 100, 11232) ?? 0;
        if (code == 0)
        {
            var type = root.TryGetProperty("msg_type", out var t) ? t.GetString() : null;
            var text = type switch
            {
                "text" => Member(root, "content", "text"),
                "post" => root.TryGetProperty("content", out var content) && content.TryGetProperty("post", out var post) && post.TryGetProperty("zh_cn", out var zh)
                    ? zh.GetProperty("title").GetString() + "\n" + string.Join('\n', zh.GetProperty("content").EnumerateArray().SelectMany(line => line.EnumerateArray())
                        .Select(e => e.GetProperty("tag").GetString() == "text" ? e.GetProperty("text").GetString() : throw new InvalidDataException("only text tags expected")))
                    : null,
                // The card is at the top level, not inside content.
                "interactive" => root.TryGetProperty("card", out var card) && !root.TryGetProperty("content", out _)
                    ? card.GetProperty("header").GetProperty("title").GetProperty("content").GetString() + "\n"
                        + string.Join('\n', card.GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("text").GetProperty("content").GetString()))
                    : null,
                _ => null,
            };
            code = string.IsNullOrEmpty(text) ? 9499 : 0;
            Take("feishu", token, code, type!, text);
        }

        Answers.Enqueue((token, code));
        return code == 9499 ? Results.Json(new { code, msg = "Bad Request" }, statusCode: 400) : Results.Json(new { code, msg = code == 0 ? "success" : $"error {code}", data = new { } });
    }

    private async Task<IResult> DingTalkAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var token = query["access_token"].ToString();
        var (body, _) = await ReadAsync(context);
        long code = !_robots.TryGetValue(token, out var secret) ? 300001
            : body is null ? 43000
            : secret is not null && !DingTalkSigned(query["timestamp"].ToString(), context.Request.QueryString.Value ?? "", secret) ? 310000
            : Scripted(token) ?? RateLimited(token, 20, 130101) ?? 0;
        if (code == 0)
        {
            var type = body!.Value.TryGetProperty("msgtype", out var t) ? t.GetString() : null;
            var title = Member(body.Value, "markdown", "title");
            var text = Member(body.Value, "markdown", "text");
            code = type == "markdown" && !string.IsNullOrEmpty(title) && !string.IsNullOrEmpty(text) ? 0 : 40035;
            Take("dingtalk", token, code, "markdown", text);
        }

        return Answer(token, code, new { errcode = code, errmsg = code == 0 ? "ok" : $"error {code}" });
    }

    private bool FeishuSigned(JsonElement body, string secret)
    {
        var timestamp = Member(body, "timestamp");
        var sign = Member(body, "sign");
        if (timestamp is null || sign is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - seconds) > 3600)
        {
            return false;
        }

        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(timestamp + "\n" + secret));
        return sign == Convert.ToBase64String(hmac.ComputeHash([]));
    }

    private bool DingTalkSigned(string timestamp, string rawQuery, string secret)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var millis)
            || Math.Abs(clock.GetUtcNow().ToUnixTimeMilliseconds() - millis) > 3_600_000)
        {
            return false;
        }

        // The sign must arrive URL-encoded: read it from the raw query, not the decoded value.
        var rawSign = rawQuery.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0] == "sign")?[1];
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(timestamp + "\n" + secret)));
        return rawSign is not null && rawSign == Uri.EscapeDataString(expected);
    }

    private long? Scripted(string robot) => _scripts.TryGetValue(robot, out var script) && script.TryDequeue(out var code) ? code : null;

    /// <summary>Counts this call against the robot's limit over the sliding window; answers the throttle code when it is over.</summary>
    private long? RateLimited(string robot, int limit, long code)
    {
        var now = clock.GetUtcNow();
        var sends = _sends.GetOrAdd(robot, _ => []);
        lock (sends)
        {
            sends.RemoveAll(t => t <= now - rateWindow);
            if (sends.Count >= limit)
            {
                return code;
            }

            sends.Add(now);
            return null;
        }
    }

    private void Take(string service, string robot, long code, string format, string? text)
    {
        if (code == 0)
        {
            Messages.Enqueue(new RobotMessage(service, robot, clock.GetUtcNow(), format, text!));
        }
    }

    private IResult Answer(string robot, long code, object body)
    {
        Answers.Enqueue((robot, code));
        return Results.Json(body);
    }

    private static string? Member(JsonElement e, params string[] path)
    {
        foreach (var name in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e))
            {
                return null;
            }
        }

        return e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }

    private static async Task<(JsonElement? Body, string Raw)> ReadAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync();
        try
        {
            using var json = JsonDocument.Parse(raw);
            return (json.RootElement.Clone(), raw);
        }
        catch (JsonException)
        {
            return (null, raw);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
