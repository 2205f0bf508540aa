using Circula.Shared.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Payments.Providers;

public static class PaymentProviderServices
{
    /// <summary>
    /// Registers <typeparamref name="TProvider"/> (scoped) as a provider called <paramref name="info"/>.Name. It is built, and
    /// so are its clients and keys, only when <paramref name="isEnabled"/> says the server is configured for it.
    /// </summary>
    public static IServiceCollection AddPaymentProvider<TProvider>(this IServiceCollection services, PaymentProviderInfo info, Func<IServiceProvider, bool> isEnabled)
        where TProvider : class, IPaymentProvider =>
        services.AddProvider<PaymentProviderInfo, IPaymentProvider, TProvider>(info, isEnabled);

    /// <summary>The registry of this scope: every registered provider known, the enabled ones built.</summary>
    public static IServiceCollection AddPaymentProviders(this IServiceCollection services) =>
        services.AddProviderRegistry<PaymentProviderInfo, IPaymentProvider, PaymentProviders>((known, enabled) => new PaymentProviders(known, enabled));
}
