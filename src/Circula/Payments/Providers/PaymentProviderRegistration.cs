using Microsoft.Extensions.DependencyInjection;

namespace Circula.Payments.Providers;

/// <summary>A provider as registered: what it is, and whether this server is configured for it.</summary>
public sealed record PaymentProviderRegistration(PaymentProviderInfo Info, Func<IServiceProvider, bool> IsEnabled, Func<IServiceProvider, IPaymentProvider> Create);

public static class PaymentProviderServices
{
    /// <summary>
    /// Registers <typeparamref name="TProvider"/> (scoped) as a provider called <paramref name="info"/>.Name. It is built, and
    /// so are its clients and keys, only when <paramref name="isEnabled"/> says the server is configured for it.
    /// </summary>
    public static IServiceCollection AddPaymentProvider<TProvider>(this IServiceCollection services, PaymentProviderInfo info, Func<IServiceProvider, bool> isEnabled)
        where TProvider : class, IPaymentProvider
    {
        services.AddScoped<TProvider>();
        services.AddSingleton(new PaymentProviderRegistration(info, isEnabled, sp => sp.GetRequiredService<TProvider>()));
        return services;
    }

    /// <summary>The registry of this scope: every registered provider known, the enabled ones built.</summary>
    public static IServiceCollection AddPaymentProviders(this IServiceCollection services) =>
        services.AddScoped(sp =>
        {
            var registrations = sp.GetServices<PaymentProviderRegistration>().ToList();
            return new PaymentProviders(registrations.Select(r => r.Info).ToList(), registrations.Where(r => r.IsEnabled(sp)).Select(r => r.Create(sp)).ToList());
        });
}
