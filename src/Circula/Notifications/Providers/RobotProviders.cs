using Circula.Shared;

namespace Circula.Notifications.Providers;

/// <summary>The registry of robot services: the one place that looks a provider up by name.</summary>
public sealed class RobotProviders(IEnumerable<IRobotProvider> providers)
{
    public IReadOnlyList<IRobotProvider> All { get; } = providers.ToList();

    public IRobotProvider? Find(string name) => All.FirstOrDefault(p => p.Info.Name == name);

    /// <summary>Checks a provider name given in <paramref name="field"/>.</summary>
    public IRobotProvider? Check(string? name, string field, FieldErrors errors)
    {
        var provider = All.FirstOrDefault(p => p.Info.Name == name);
        if (provider is null)
        {
            errors.Add(field, $"must be {string.Join(" or ", All.Select(p => p.Info.Name))}.");
        }

        return provider;
    }
}
