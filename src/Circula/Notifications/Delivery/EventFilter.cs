using Circula.Notifications.Templates;
using Circula.Shared;

namespace Circula.Notifications.Delivery;

/// <summary>The event types a robot or webhook wants, stored space-separated; none listed means every type this module delivers.</summary>
public static class EventFilter
{
    public static string Store(IReadOnlyList<string>? types) => string.Join(' ', (types ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    public static IReadOnlyList<string> Read(string stored) => stored.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static bool Matches(string stored, string eventType) => stored.Length == 0 || Read(stored).Contains(eventType, StringComparer.Ordinal);

    /// <summary>Every listed type must be one this module delivers.</summary>
    public static void Check(IReadOnlyList<string>? types, FieldErrors errors)
    {
        foreach (var (type, i) in (types ?? []).Select((t, i) => (t, i)))
        {
            if (type is null || !NotificationTemplates.All.ContainsKey(type))
            {
                errors.Add($"events[{i}]", $"must be one of {string.Join(", ", NotificationTemplates.Types.Order(StringComparer.Ordinal))}.");
            }
        }
    }
}
