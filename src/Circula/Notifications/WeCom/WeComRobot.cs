using Circula.Notifications.Outbound;
using Circula.Notifications.Providers;
using Circula.Notifications.Templates;
using Microsoft.AspNetCore.WebUtilities;

namespace Circula.Notifications.WeCom;

/// <summary>
/// WeCom (企业微信) group robots: <c>POST …/cgi-bin/webhook/send?key=KEY</c> with a text (2048 bytes) or markdown (4096
/// bytes) body; at most 20 messages a minute per robot. The answer is always HTTP 200 with an <c>errcode</c>: 45009
/// (too frequent) is retried, 93000 (invalid webhook URL: bad key, or removed from the group) flags the robot.
/// </summary>
public sealed class WeComRobot(OutboundHttp http) : IRobotProvider
{
    public const string Name = "wecom";
    public const int TextLimitBytes = 2048;
    public const int MarkdownLimitBytes = 4096;

    public static readonly RobotProviderInfo Description =
        new(Name, "企业微信群机器人", ["markdown", "text"], 20, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…");

    public RobotProviderInfo Info => Description;

    public bool IsRobotUrl(Uri url) =>
        url.AbsolutePath.EndsWith("/cgi-bin/webhook/send", StringComparison.Ordinal) && !string.IsNullOrEmpty(QueryHelpers.ParseQuery(url.Query)["key"]);

    public async Task<RobotAnswer> SendAsync(RobotTarget robot, NotificationMessage message, CancellationToken ct)
    {
        object body = robot.Format == "text"
            ? new { msgtype = "text", text = new { content = SafeText.TruncateUtf8(message.PlainText(), TextLimitBytes) } }
            : new { msgtype = "markdown", markdown = new { content = SafeText.TruncateUtf8(message.Markdown(), MarkdownLimitBytes) } };
        var answer = await http.PostJsonAsync(robot.Url, RobotJson.Write(body), [], ct);
        return RobotAnswer.Read(answer, ["errcode"], code => code switch
        {
            45009 => RobotOutcome.RetryLater,
            93000 or 93004 or 93008 => RobotOutcome.RobotInvalid,
            _ => RobotOutcome.Refused,
        });
    }
}
