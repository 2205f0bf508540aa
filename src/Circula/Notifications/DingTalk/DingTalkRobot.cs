using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Circula.Notifications.Outbound;
using Circula.Notifications.Providers;
using Circula.Notifications.Templates;
using Microsoft.AspNetCore.WebUtilities;

namespace Circula.Notifications.DingTalk;

/// <summary>
/// DingTalk custom robots: <c>POST …/robot/send?access_token=TOKEN</c> with a markdown body; a robot with 加签 gets
/// <c>timestamp</c> (Unix milliseconds) and <c>sign</c> appended to the URL. The answer's <c>errcode</c> is 0 on success;
/// 130101 (sending too fast) is retried; 310000 (signature, keyword or IP check failed) and 300001 (no such token) flag
/// the robot. About 20 messages a minute per robot.
/// </summary>
public sealed class DingTalkRobot(OutboundHttp http, TimeProvider clock) : IRobotProvider
{
    public const string Name = "dingtalk";

    public static readonly RobotProviderInfo Description =
        new(Name, "钉钉群机器人", ["markdown"], 20, "https://oapi.dingtalk.com/robot/send?access_token=…");

    public RobotProviderInfo Info => Description;

    /// <summary>URL-encoded Base64(HMAC-SHA256(key = UTF-8 secret, message = UTF-8 of <c>timestamp + "\n" + secret</c>)).</summary>
    public static string Sign(long timestampMilliseconds, string secret) =>
        Uri.EscapeDataString(Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes($"{timestampMilliseconds.ToString(CultureInfo.InvariantCulture)}\n{secret}"))));

    public bool IsRobotUrl(Uri url) =>
        url.AbsolutePath.EndsWith("/robot/send", StringComparison.Ordinal) && !string.IsNullOrEmpty(QueryHelpers.ParseQuery(url.Query)["access_token"]);

    public async Task<RobotAnswer> SendAsync(RobotTarget robot, NotificationMessage message, CancellationToken ct)
    {
        var url = robot.Url;
        if (robot.Secret is not null)
        {
            var timestamp = clock.GetUtcNow().ToUnixTimeMilliseconds();
            url += $"&timestamp={timestamp.ToString(CultureInfo.InvariantCulture)}&sign={Sign(timestamp, robot.Secret)}";
        }

        var body = new { msgtype = "markdown", markdown = new { title = message.Title, text = message.Markdown().Replace("\n", "\n\n", StringComparison.Ordinal) } };
        var answer = await http.PostJsonAsync(url, RobotJson.Write(body), [], ct);
        return RobotAnswer.Read(answer, ["errcode"], code => code switch
        {
            130101 => RobotOutcome.RetryLater,
            310000 or 300001 or 400102 => RobotOutcome.RobotInvalid,
            _ => RobotOutcome.Refused,
        });
    }
}
