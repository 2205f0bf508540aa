using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Circula.Notifications.Outbound;
using Circula.Notifications.Providers;
using Circula.Notifications.Templates;

namespace Circula.Notifications.Feishu;

/// <summary>
/// Feishu / Lark custom bots: <c>POST …/open-apis/bot/v2/hook/TOKEN</c> with a text, post or interactive-card body; when
/// the bot has 签名校验 on, <c>timestamp</c> (Unix seconds) and <c>sign</c> go at the top level of the body. The answer's
/// <c>code</c> is 0 on success; 11232 (frequency limited) is retried; 19001 (invalid token) and 19021 (bad signature)
/// flag the bot.
/// </summary>
public sealed class FeishuRobot(OutboundHttp http, TimeProvider clock) : IRobotProvider
{
    public const string Name = "feishu";

    public static readonly RobotProviderInfo Description =
        new(Name, "飞书群机器人", ["card", "post", "text"], 100, "https://open.feishu.cn/open-apis/bot/v2/hook/…");

    public RobotProviderInfo Info => Description;

    /// <summary>Base64(HMAC-SHA256(key = UTF-8 of <c>timestamp + "\n" + secret</c>, message = empty)); the secret is used as is.</summary>
    public static string Sign(long timestampSeconds, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes($"{timestampSeconds.ToString(CultureInfo.InvariantCulture)}\n{secret}"), Array.Empty<byte>()));

    public bool IsRobotUrl(Uri url) => url.AbsolutePath.Contains("/open-apis/bot/v2/hook/", StringComparison.Ordinal) && !url.AbsolutePath.EndsWith('/');

    public async Task<RobotAnswer> SendAsync(RobotTarget robot, NotificationMessage message, CancellationToken ct)
    {
        var body = new Dictionary<string, object>(StringComparer.Ordinal);
        if (robot.Secret is not null)
        {
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            body["timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture);
            body["sign"] = Sign(timestamp, robot.Secret);
        }

        switch (robot.Format)
        {
            case "text":
                body["msg_type"] = "text";
                body["content"] = new { text = message.PlainText() };
                break;
            case "post":
                body["msg_type"] = "post";
                body["content"] = new
                {
                    post = new { zh_cn = new { title = message.Title, content = message.Fields.Select(f => new[] { new { tag = "text", text = $"{f.Label}：{f.Value}" } }) } },
                };
                break;
            default:
                body["msg_type"] = "interactive";
                body["card"] = new
                {
                    header = new { title = new { tag = "plain_text", content = message.Title }, template = "blue" },
                    elements = new[] { new { tag = "div", text = new { tag = "lark_md", content = string.Join('\n', message.Fields.Select(f => $"**{f.Label}**：{f.Value}")) } } },
                };
                break;
        }

        var answer = await http.PostJsonAsync(robot.Url, RobotJson.Write(body), [], ct);
        return RobotAnswer.Read(answer, ["code", "StatusCode"], code => code switch
        {
            11232 => RobotOutcome.RetryLater,
            19001 or 19021 or 19022 or 19024 => RobotOutcome.RobotInvalid,
            _ => RobotOutcome.Refused,
        });
    }
}
