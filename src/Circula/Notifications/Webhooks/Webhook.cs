namespace Circula.Notifications.Webhooks;

public enum WebhookStatus
{
    Active,

    /// <summary>Turned off by an operator, or after <see cref="NotificationsOptions.WebhookDisableAfter"/> deliveries failed in a row.</summary>
    Disabled,
}

/// <summary>An integrator's endpoint that receives signed events. URL and secret are stored encrypted; only the host is shown.</summary>
public sealed class Webhook
{
    private Webhook()
    {
    }

    public long Id { get; private set; }

    public string Name { get; private set; } = "";

    public string ProtectedUrl { get; private set; } = "";

    public string UrlHint { get; private set; } = "";

    public string ProtectedSecret { get; private set; } = "";

    public string EventTypes { get; private set; } = "";

    public WebhookStatus Status { get; private set; }

    /// <summary>Deliveries given up in a row; any delivered one resets it.</summary>
    public int FailureStreak { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public static Webhook Create(WebhookSettings settings, DateTime now)
    {
        var webhook = new Webhook { CreatedAt = now };
        webhook.Change(settings, now);
        return webhook;
    }

    /// <summary>Replaces the settings (a null URL or secret keeps the stored one) and sets the status the operator chose.</summary>
    public void Change(WebhookSettings settings, DateTime now)
    {
        (Name, EventTypes, UpdatedAt) = (settings.Name, settings.EventTypes, now);
        if (settings.ProtectedUrl is not null)
        {
            (ProtectedUrl, UrlHint) = (settings.ProtectedUrl, settings.UrlHint);
        }

        if (settings.ProtectedSecret is not null)
        {
            ProtectedSecret = settings.ProtectedSecret;
        }

        if (settings.Enabled != (Status == WebhookStatus.Active))
        {
            (Status, FailureStreak) = (settings.Enabled ? WebhookStatus.Active : WebhookStatus.Disabled, 0);
        }
    }

    public void Succeeded() => FailureStreak = 0;

    /// <summary>Counts a delivery given up; answers true when this one disabled the webhook.</summary>
    public bool GaveUp(int disableAfter, DateTime now)
    {
        FailureStreak++;
        if (Status != WebhookStatus.Active || FailureStreak < disableAfter)
        {
            return false;
        }

        (Status, UpdatedAt) = (WebhookStatus.Disabled, now);
        return true;
    }
}

public sealed record WebhookSettings(string Name, string EventTypes, string? ProtectedUrl, string UrlHint, string? ProtectedSecret, bool Enabled);
