using Circula.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Recycling.Payouts;

/// <summary>A payout provider as registered: whether this server is configured for it, and how to build it.</summary>
public sealed record PayoutProviderRegistration(Func<IServiceProvider, bool> IsEnabled, Func<IServiceProvider, IPayoutProvider> Create);

/// <summary>
/// The registry of the enabled payout providers (one that is not configured is simply not there). The one place that
/// looks a provider up by name; the settlement flow never branches on a provider's name.
/// </summary>
public sealed class PayoutProviders(IReadOnlyList<IPayoutProvider> enabled)
{
    /// <summary>The enabled provider called <paramref name="name"/>, or null.</summary>
    public IPayoutProvider? Find(string? name) => enabled.FirstOrDefault(p => p.Info.Name == name);

    /// <summary>The enabled provider named in <paramref name="field"/>, or null with the error added.</summary>
    public IPayoutProvider? Check(string? name, string field, FieldErrors errors)
    {
        var provider = Find(name);
        if (provider is null)
        {
            errors.Add(field, $"must be a payout method this server pays with: {string.Join(" or ", enabled.Select(p => p.Info.Name))}.");
        }

        return provider;
    }
}

public static class PayoutProviderServices
{
    /// <summary>Registers <typeparamref name="TPayoutProvider"/> (scoped); it is built only when <paramref name="isEnabled"/> says the server is configured for it.</summary>
    public static IServiceCollection AddPayoutProvider<TPayoutProvider>(this IServiceCollection services, Func<IServiceProvider, bool> isEnabled)
        where TPayoutProvider : class, IPayoutProvider
    {
        services.AddScoped<TPayoutProvider>();
        services.AddSingleton(new PayoutProviderRegistration(isEnabled, sp => sp.GetRequiredService<TPayoutProvider>()));
        return services;
    }

    /// <summary>The registry of this scope: every registered provider known, the enabled ones built.</summary>
    public static IServiceCollection AddPayoutProviders(this IServiceCollection services) =>
        services.AddScoped(sp =>
        {
            var registrations = sp.GetServices<PayoutProviderRegistration>();
            return new PayoutProviders(registrations.Where(r => r.IsEnabled(sp)).Select(r => r.Create(sp)).ToList());
        });
}
