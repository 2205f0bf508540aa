namespace Circula.Notifications;

/// <summary>Bound from <c>Circula:Notifications</c>.</summary>
public sealed class NotificationsOptions
{
    public const string Section = "Circula:Notifications";

    /// <summary>
    /// Lets robots and webhooks target loopback, private and link-local addresses. Off in production (SSRF guard);
    /// the tests and the Development sandbox turn it on, as may an on-premise installation that posts inside its network.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>
    /// The window of the robots' per-minute limits (WeCom and DingTalk 20, Feishu 100 messages per robot). A minute
    /// everywhere but in tests, which shrink it.
    /// </summary>
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>After this many failed attempts a delivery is given up (Failed); an operator can send it again.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The wait after the first failed attempt; it doubles with each further failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long one call to a robot or a webhook may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deliveries given up in a row after which a webhook is disabled (and <c>notifications.webhook-disabled.v1</c> raised).</summary>
    public int WebhookDisableAfter { get; set; } = 20;

    /// <summary>How often an open event stream looks for new events in the database.</summary>
    public TimeSpan StreamPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A comment line sent on an idle event stream so proxies and clients keep it open.</summary>
    public TimeSpan StreamHeartbeat { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan BackoffAfter(int attempts) =>
        TimeSpan.FromTicks((long)Math.Min(BaseBackoff.Ticks * Math.Pow(2, Math.Min(attempts - 1, 30)), MaxBackoff.Ticks));
}
