using Microsoft.Extensions.DependencyInjection;

namespace Circula.Shared.Providers;

/// <summary>
/// An external provider as registered (a payment provider, a payout provider, a robot service): what it is, whether this server is
/// configured for it, and how to build it.
/// </summary>
public sealed record ProviderRegistration<TInfo, TProvider>(TInfo Info, Func<IServiceProvider, bool> IsEnabled, Func<IServiceProvider, TProvider> Create);

/// <summary>
/// The one registration shape of every provider seam: each provider is registered with what it is and when it is
/// enabled, and the seam's registry is built per scope from every registration known and the enabled ones built, so a
/// provider that is not configured is never constructed (nor its clients and keys).
/// </summary>
public static class ProviderRegistrations
{
    /// <summary>Registers <typeparamref name="TImplementation"/> (scoped) as a <typeparamref name="TProvider"/> built only when <paramref name="isEnabled"/>.</summary>
    public static IServiceCollection AddProvider<TInfo, TProvider, TImplementation>(this IServiceCollection services, TInfo info,
        Func<IServiceProvider, bool> isEnabled)
        where TImplementation : class, TProvider
    {
        services.AddScoped<TImplementation>();
        services.AddSingleton(new ProviderRegistration<TInfo, TProvider>(info, isEnabled, sp => sp.GetRequiredService<TImplementation>()));
        return services;
    }

    /// <summary>The seam's registry of this scope, made by <paramref name="create"/> from every registered provider known and the enabled ones built.</summary>
    public static IServiceCollection AddProviderRegistry<TInfo, TProvider, TRegistry>(this IServiceCollection services,
        Func<IReadOnlyList<TInfo>, IReadOnlyList<TProvider>, TRegistry> create)
        where TRegistry : class =>
        services.AddScoped(sp =>
        {
            var registrations = sp.GetServices<ProviderRegistration<TInfo, TProvider>>().ToList();
            return create(registrations.Select(r => r.Info).ToList(), registrations.Where(r => r.IsEnabled(sp)).Select(r => r.Create(sp)).ToList());
        });
}
