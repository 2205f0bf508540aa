using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Circula.Shared;

/// <summary>
/// Every options type that has a validator, taken from the registrations once they are complete, so that a start can
/// check them all before it touches anything and name every bad setting at once (the host's own start-up validation
/// stops at the first value that does not even bind).
/// </summary>
public sealed class ValidatedOptions(IServiceCollection registrations)
{
    private readonly List<Type> _types = registrations
        .Select(d => d.ServiceType)
        .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IValidateOptions<>))
        .Select(t => t.GetGenericArguments()[0])
        .Distinct()
        .ToList();

    /// <summary>Binds and validates each; the messages of every failure (each once), empty when all are good.</summary>
    public IReadOnlyList<string> Problems(IServiceProvider services)
    {
        var problems = new List<string>();
        foreach (var type in _types)
        {
            try
            {
                // Making the monitor may already build options it depends on (JwtBearerOptions need the JWT key).
                var monitor = services.GetRequiredService(typeof(IOptionsMonitor<>).MakeGenericType(type));
                _ = monitor.GetType().GetProperty(nameof(IOptionsMonitor<object>.CurrentValue))!.GetValue(monitor);
            }
            catch (Exception e)
            {
                switch (e is TargetInvocationException { InnerException: { } inner } ? inner : e)
                {
                    case OptionsValidationException invalid:
                        problems.AddRange(invalid.Failures);
                        break;
                    case InvalidOperationException unbindable:
                        // A value of the wrong type: "Failed to convert configuration value 'Oracle' at 'Circula:Database:Provider' to ...".
                        problems.Add(unbindable.Message);
                        break;
                    default:
                        throw;
                }
            }
        }

        return problems.Distinct(StringComparer.Ordinal).ToList();
    }
}
