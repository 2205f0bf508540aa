using Circula.Shared;

namespace Circula.Notifications.Webhooks;

/// <summary>
/// A webhook as an operator registers or edits it: the receiver's URL, the shared secret deliveries are signed with
/// (at least 16 characters; never returned), the event types it wants (none: all), and whether it is enabled. On an
/// edit a null URL or secret keeps the stored one.
/// </summary>
public sealed record WebhookRequest(string Name, string? Url, string? Secret, IReadOnlyList<string>? Events, bool? Enabled) : IValidatable
{
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 200;

    public void Validate(FieldErrors errors)
    {
        errors.Required("name", Name, 100);
        if (Secret is not null && (Secret.Length < MinSecretLength || Secret.Length > MaxSecretLength))
        {
            errors.Add("secret", $"must be {MinSecretLength} to {MaxSecretLength} characters.");
        }

        Delivery.EventFilter.Check(Events, errors);
    }
}
