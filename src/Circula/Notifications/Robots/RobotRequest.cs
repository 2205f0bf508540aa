using Circula.Shared;

namespace Circula.Notifications.Robots;

/// <summary>
/// A robot as an operator registers or edits it. <c>url</c> is the robot's webhook address as the service shows it (it
/// holds the key, so it is stored encrypted); on an edit, null keeps the stored one. <c>secret</c> is the signing
/// secret of a Feishu or DingTalk robot with signing on: null keeps the stored one, "" removes it. <c>events</c> lists
/// event types; empty or null means all of them.
/// </summary>
public sealed record RobotRequest(string Name, string Provider, string? Format, string? Url, string? Secret, IReadOnlyList<string>? Events) : IValidatable
{
    public const int MaxNameLength = 100;
    public const int MaxSecretLength = 200;

    public void Validate(FieldErrors errors)
    {
        errors.Required("name", Name, MaxNameLength);
        errors.Required("provider", Provider, 20);
        errors.Optional("secret", Secret, MaxSecretLength);
        Delivery.EventFilter.Check(Events, errors);
    }
}

/// <summary>What a service answered to "send a test message".</summary>
public sealed record RobotTestAnswer(string Outcome, string? ProviderCode, int? HttpStatus, string Detail);
