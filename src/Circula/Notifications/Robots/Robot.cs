namespace Circula.Notifications.Robots;

public enum RobotStatus
{
    Active,

    /// <summary>The service said the robot is gone or misconfigured (WeCom 93000, Feishu 19001...): nothing is sent until an operator edits it.</summary>
    Flagged,
}

/// <summary>A group robot messages are posted to. Its URL and secret are stored encrypted; only the host is shown.</summary>
public sealed class Robot
{
    private Robot()
    {
    }

    public long Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Provider { get; private set; } = "";

    public string Format { get; private set; } = "";

    public string ProtectedUrl { get; private set; } = "";

    /// <summary>What operators see of the URL: scheme and host, never the key or token.</summary>
    public string UrlHint { get; private set; } = "";

    public string? ProtectedSecret { get; private set; }

    public string EventTypes { get; private set; } = "";

    public RobotStatus Status { get; private set; }

    public string? FlagReason { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public static Robot Create(RobotSettings settings, DateTime now)
    {
        var robot = new Robot { CreatedAt = now };
        robot.Change(settings, now);
        return robot;
    }

    /// <summary>Replaces the settings; a new URL or secret is what fixes a flagged robot, so any edit makes it active again.</summary>
    public void Change(RobotSettings settings, DateTime now)
    {
        (Name, Provider, Format, EventTypes) = (settings.Name, settings.Provider, settings.Format, settings.EventTypes);
        if (settings.ProtectedUrl is not null)
        {
            (ProtectedUrl, UrlHint) = (settings.ProtectedUrl, settings.UrlHint);
        }

        if (settings.ProtectedSecret is not null)
        {
            ProtectedSecret = settings.ProtectedSecret.Length == 0 ? null : settings.ProtectedSecret;
        }

        (Status, FlagReason, UpdatedAt) = (RobotStatus.Active, null, now);
    }

    public void Flag(string reason, DateTime now) => (Status, FlagReason, UpdatedAt) = (RobotStatus.Flagged, reason, now);
}

/// <summary>
/// Checked settings of a robot. A null <see cref="ProtectedUrl"/> or <see cref="ProtectedSecret"/> keeps the stored one;
/// an empty secret removes it.
/// </summary>
public sealed record RobotSettings(string Name, string Provider, string Format, string EventTypes, string? ProtectedUrl, string UrlHint, string? ProtectedSecret);
