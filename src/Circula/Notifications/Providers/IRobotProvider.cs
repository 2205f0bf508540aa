using Circula.Notifications.Outbound;
using Circula.Notifications.Templates;

namespace Circula.Notifications.Providers;

/// <summary>
/// A group-robot service as the rest of the module sees it: its name, the message formats it takes, its per-robot
/// limit (messages per <see cref="NotificationsOptions.RateWindow"/>), whether its robots may have a signing secret, and
/// how a URL of one of its robots looks (checked at registration).
/// </summary>
public sealed record RobotProviderInfo(string Name, string DisplayName, IReadOnlyList<string> Formats, int MessagesPerWindow, string UrlExample)
{
    public string DefaultFormat => Formats[0];
}

/// <summary>A robot as a provider needs it: its decrypted URL and secret, and the format it posts in.</summary>
public sealed record RobotTarget(string Url, string? Secret, string Format);

public enum RobotOutcome
{
    /// <summary>The service took the message.</summary>
    Delivered,

    /// <summary>Throttled, unreachable or failing for now: send again later.</summary>
    RetryLater,

    /// <summary>The robot is gone or its URL or secret is wrong: stop and flag it for an operator.</summary>
    RobotInvalid,

    /// <summary>The service refused this message for good (empty, too long): do not retry.</summary>
    Refused,
}

/// <summary>A provider's answer: the outcome, its own code (errcode, code) and what it said, for the delivery log.</summary>
public sealed record RobotAnswer(RobotOutcome Outcome, string? ProviderCode, string Detail, int? HttpStatus)
{
    /// <summary>
    /// Reads a service's answer: a transport failure, 429 or 5xx is retried, 404 means the robot is gone; otherwise the
    /// first of <paramref name="codeMembers"/> present in the JSON body decides through <paramref name="outcomeOf"/>
    /// (0 is success everywhere). A body without a code is retried.
    /// </summary>
    public static RobotAnswer Read(OutboundAnswer answer, string[] codeMembers, Func<long, RobotOutcome> outcomeOf)
    {
        switch (answer)
        {
            case { Reached: false }:
                return new(RobotOutcome.RetryLater, null, answer.Summary, null);
            case { Status: 429 or >= 500 }:
                return new(RobotOutcome.RetryLater, null, answer.Summary, answer.Status);
            case { Status: 404 }:
                return new(RobotOutcome.RobotInvalid, null, answer.Summary, answer.Status);
        }

        var code = codeMembers.Select(m => RobotJson.Code(answer.Body, m)).FirstOrDefault(c => c is not null);
        var outcome = code switch
        {
            null => RobotOutcome.RetryLater,
            0 => RobotOutcome.Delivered,
            _ => outcomeOf(code.Value),
        };
        return new(outcome, code?.ToString(System.Globalization.CultureInfo.InvariantCulture), OutboundAnswer.Clip(answer.Body), answer.Status);
    }
}

/// <summary>Posts a rendered message to one robot of this service, in the robot's format, signed as the service requires.</summary>
public interface IRobotProvider
{
    RobotProviderInfo Info { get; }

    /// <summary>Whether <paramref name="url"/> looks like one of this service's robot URLs (beyond being a public http(s) URL).</summary>
    bool IsRobotUrl(Uri url);

    Task<RobotAnswer> SendAsync(RobotTarget robot, NotificationMessage message, CancellationToken ct);
}
