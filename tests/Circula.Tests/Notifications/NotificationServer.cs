using Circula.Data;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Notifications;

/// <summary>
/// A server whose robots and webhooks may target loopback, with the robot service peers running; the robots' rate
/// window and the retry backoff are short and in test-clock time.
/// </summary>
public abstract class NotificationServer : CirculaServer
{
    /// <summary>The robots' per-minute limits apply over this much test-clock time.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    /// <summary>Attempts before a delivery is given up, and given-up deliveries in a row before a webhook is disabled.</summary>
    public const int MaxAttempts = 5;
    public const int WebhookDisableAfter = 3;

    public RobotPeer Robots { get; private set; } = null!;

    public WebhookReceiver Receiver { get; } = new();

    protected override IEnumerable<string> ExtraSettings =>
    [
        .. base.ExtraSettings,
        "Circula:Notifications:AllowPrivateTargets=true",
        $"Circula:Notifications:RateWindow={RateWindow:c}",
        "Circula:Notifications:BaseBackoff=00:00:01",
        "Circula:Notifications:Timeout=00:00:05",
        $"Circula:Notifications:MaxAttempts={MaxAttempts}",
        $"Circula:Notifications:WebhookDisableAfter={WebhookDisableAfter}",
    ];

    protected override async Task StartDependenciesAsync()
    {
        Robots = new RobotPeer(Clock, RateWindow);
        await Robots.StartAsync();
        await Receiver.StartAsync();
    }

    protected override async ValueTask StopDependenciesAsync()
    {
        await Robots.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

public sealed class NotificationSqliteServer : NotificationServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class NotificationPostgresServer : NotificationServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
