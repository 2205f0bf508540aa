using System.Text.Json;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Notifications.Delivery;
using Circula.Notifications.Outbound;
using Circula.Notifications.Providers;
using Circula.Shared.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Notifications.SubscribeMessages;

/// <summary>What became of a subscribe message: WeChat's answer, or why none was sent (no template, no WeChat sign-in, no subscription).</summary>
public sealed record SubscribeSent(RobotAnswer? Answer, string? NotSent);

/// <summary>
/// Sends a customer notice as a WeChat subscribe message (<c>POST cgi-bin/message/subscribe/send?access_token=…</c>):
/// to the customer's openid (from Identity's <see cref="IWeChatBindings"/>), with the template operators mapped to the
/// notice, using up one of the customer's one-time subscriptions. WeChat's errcode decides as a robot's does
/// (<see cref="RobotAnswer.Read"/>): 43101 (the customer refused or cancelled) is final and voids their credits; an
/// expired or invalid token (40001, 42001) is replaced and the message sent once more; WeChat's busy answers are retried.
/// </summary>
public sealed class SubscribeMessenger(
    CirculaDbContext db, IWeChatBindings bindings, SubscribeCredits credits, MiniProgramTokens tokens, OutboundHttp http, IOptions<SubscribeMessageOptions> options)
{
    public const long Unsubscribed = 43101;
    private static readonly long[] TokenRejected = [40001, 42001, 40014];

    public async Task<SubscribeSent> SendAsync(NotificationDelivery delivery, CancellationToken ct)
    {
        var found = await FindAsync(delivery, ct);
        if (found.NotSent is { } reason)
        {
            return new SubscribeSent(null, reason);
        }

        var (template, body) = (found.Template!, found.Body!);
        var customer = delivery.TargetId;
        if (!await credits.TakeAsync(customer, template.TemplateId, ct))
        {
            return new SubscribeSent(null, $"Not sent: the customer has no subscription to template {template.TemplateId} left.");
        }

        var answer = await PostAsync(body, ct);
        if (answer.Outcome == RobotOutcome.RetryLater)
        {
            await credits.GiveBackAsync(customer, template.TemplateId, ct);
        }
        else if (answer.ProviderCode == Unsubscribed.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            await credits.VoidAsync(customer, template.TemplateId, ct);
        }

        return new SubscribeSent(answer, null);
    }

    private async Task<(SubscribeTemplate? Template, string? Body, string? NotSent)> FindAsync(NotificationDelivery delivery, CancellationToken ct)
    {
        var source = Templates.NotificationTemplates.All[delivery.EventType];
        var @event = (IIntegrationEvent)JsonSerializer.Deserialize(delivery.Payload, source.EventClass, Outbox.JsonOptions)!;
        var notice = CustomerNotices.Of(delivery.EventType, @event).Where(n => n.CustomerId == delivery.TargetId).Select(n => n.Notice).FirstOrDefault();
        var template = notice is null ? null : await db.Set<SubscribeTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Notice == notice.Key, ct);
        if (notice is null || template is null)
        {
            return (null, null, "Not sent: no subscribe-message template is mapped to this notice any more.");
        }

        var openId = await bindings.GetOpenIdAsync(delivery.TargetId, ct);
        if (openId is null)
        {
            return (null, null, "Not sent: the customer did not sign in with WeChat.");
        }

        var values = notice.Values(@event, delivery.OccurredAt);
        var data = template.FieldMap.ToDictionary(f => f.Key, f => new { value = SubscribeFields.Value(f.Key, f.Value, values) }, StringComparer.Ordinal);
        var page = template.Page is null ? null : Templates.TemplateText.FillPlain(template.Page, values);
        var body = RobotJson.Write(new { touser = openId, template_id = template.TemplateId, page, miniprogram_state = options.Value.MiniProgramState,
            lang = "zh_CN", data });
        return (template, body, null);
    }

    private async Task<RobotAnswer> PostAsync(string body, CancellationToken ct)
    {
        string? rejected = null;
        for (var attempt = 0; ; attempt++)
        {
            var token = await tokens.GetAsync(rejected, ct);
            if (!token.IsSuccess)
            {
                return new RobotAnswer(RobotOutcome.RetryLater, token.Error!.Code, token.Error.Detail, null);
            }

            var url = options.Value.Url("/cgi-bin/message/subscribe/send?access_token=" + Uri.EscapeDataString(token.Value!));
            var answer = RobotAnswer.Read(await http.PostJsonAsync(url, body, [], ct), ["errcode"], Outcome);
            if (attempt > 0 || !TokenRejected.Any(code => answer.ProviderCode == code.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                return answer;
            }

            rejected = token.Value;
        }
    }

    /// <summary>-1 (busy) and 45009 (too many calls) come again later; a rejected token twice in a row, too; the rest are final.</summary>
    private static RobotOutcome Outcome(long code) => code switch
    {
        -1 or 45009 or 40001 or 42001 or 40014 => RobotOutcome.RetryLater,
        _ => RobotOutcome.Refused,
    };
}
