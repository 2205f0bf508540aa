using Circula.Data;
using Circula.Notifications.Contracts;
using Circula.Notifications.Providers;
using Circula.Notifications.Robots;
using Circula.Notifications.SubscribeMessages;
using Circula.Notifications.Templates;
using Circula.Notifications.Webhooks;
using Circula.Shared.Outbox;
using Circula.Shared.Work;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Notifications.Delivery;

/// <summary>
/// Makes one attempt at a claimed delivery and records it: delivered, retried after a backoff, or given up (a refusal
/// for good, a flagged robot, or <see cref="NotificationsOptions.MaxAttempts"/> reached). A robot's rate limit postpones
/// the delivery without counting an attempt.
/// </summary>
public sealed class DeliverySender(
    CirculaDbContext db, RobotMessenger robots, TemplateRenderer templates, WebhookMessenger webhooks, SubscribeMessenger customers, Outbox outbox,
    IOptions<NotificationsOptions> options, DeliveryMetrics metrics, TimeProvider clock) : IClaimedWork
{
    /// <summary>Any replica claims due deliveries (<see cref="ClaimingWorker{TWork}"/>) and sends each here.</summary>
    public static WorkTable Table { get; } = new("notification_deliveries", "status = 'Pending' AND next_attempt_at <= @now", "next_attempt_at, id");

    public async Task ProcessAsync(long id, CancellationToken ct)
    {
        // Only while this process still holds the claim: one that outlived its deadline may belong to another replica now.
        var delivery = await db.Set<NotificationDelivery>()
            .FirstOrDefaultAsync(d => d.Id == id && d.ClaimedBy == WorkClaims.InstanceName && d.Status == DeliveryStatus.Pending, ct);
        if (delivery is null)
        {
            return;
        }

        var attempts = delivery.Attempts;
        switch (delivery.TargetKind)
        {
            case TargetKinds.Robot:
                await SendToRobotAsync(delivery, ct);
                break;
            case TargetKinds.Customer:
                await SendToCustomerAsync(delivery, ct);
                break;
            default:
                await SendToWebhookAsync(delivery, ct);
                break;
        }

        await db.SaveChangesAsync(ct);
        metrics.Record(delivery.TargetKind, delivery.Status switch
        {
            DeliveryStatus.Delivered => DeliveryResult.Delivered,
            DeliveryStatus.Failed => DeliveryResult.Failed,
            _ => delivery.Attempts > attempts ? DeliveryResult.Retry : DeliveryResult.Postponed,
        });
    }

    private async Task SendToRobotAsync(NotificationDelivery delivery, CancellationToken ct)
    {
        var robot = await db.Set<Robot>().FirstOrDefaultAsync(r => r.Id == delivery.TargetId, ct);
        if (robot is null || robot.Status == RobotStatus.Flagged)
        {
            delivery.Abandon(robot is null ? "The robot was removed." : $"The robot is flagged: {robot.FlagReason}");
            return;
        }

        var sent = await robots.SendAsync(robot, await templates.RenderAsync(delivery.EventType, delivery.Payload, ct), ct);
        if (sent.Answer is not { } answer)
        {
            delivery.Postpone(sent.WaitUntil!.Value);
            return;
        }

        Record(answer, delivery);
    }

    /// <summary>A subscribe message; one that cannot be sent (no template, no WeChat sign-in, no subscription) is recorded as not sent, never retried.</summary>
    private async Task SendToCustomerAsync(NotificationDelivery delivery, CancellationToken ct)
    {
        var sent = await customers.SendAsync(delivery, ct);
        if (sent.Answer is { } answer)
        {
            Record(answer, delivery);
        }
        else
        {
            delivery.Abandon(sent.NotSent!);
        }
    }

    private void Record(RobotAnswer answer, NotificationDelivery delivery) =>
        Record(answer.Outcome == RobotOutcome.Delivered, answer.Outcome == RobotOutcome.RetryLater, delivery,
            $"{answer.Outcome} {answer.ProviderCode}: {answer.Detail}", answer.HttpStatus);

    private async Task SendToWebhookAsync(NotificationDelivery delivery, CancellationToken ct)
    {
        var webhook = await db.Set<Webhook>().FirstOrDefaultAsync(w => w.Id == delivery.TargetId, ct);
        if (webhook is null || webhook.Status != WebhookStatus.Active)
        {
            delivery.Abandon(webhook is null ? "The webhook was removed." : "The webhook is disabled.");
            return;
        }

        var answer = await webhooks.SendAsync(webhook, delivery, ct);
        var delivered = answer.Status is >= 200 and < 300;
        var givenUp = Record(delivered, retryable: true, delivery, answer.Summary, answer.Status);
        if (delivered)
        {
            webhook.Succeeded();
        }
        else if (givenUp && webhook.GaveUp(options.Value.WebhookDisableAfter, clock.GetUtcNow().UtcDateTime))
        {
            outbox.Add(new WebhookDisabled(webhook.Id, webhook.Name, webhook.FailureStreak, answer.Summary));
        }
    }

    /// <summary>Records the attempt; answers true when the delivery was given up.</summary>
    private bool Record(bool delivered, bool retryable, NotificationDelivery delivery, string result, int? httpStatus)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (delivered)
        {
            db.Add(delivery.Delivered(result, httpStatus, now));
            return false;
        }

        var attempts = delivery.Attempts + 1;
        DateTime? retryAt = retryable && attempts < options.Value.MaxAttempts ? now + options.Value.BackoffAfter(attempts) : null;
        db.Add(delivery.FailedAttempt(result, httpStatus, retryAt, now));
        return retryAt is null;
    }
}
