using Circula.Shared;
using Circula.Shared.Providers;
using Circula.Shared.Results;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Recycling.Payouts;

/// <summary>
/// The registry of the payout providers: every one the server has (<paramref name="known"/>) and the enabled ones (one
/// that is not configured is simply not there). The one place that looks a provider up by name; the settlement flow never
/// branches on a provider's name.
/// </summary>
public sealed class PayoutProviders(IReadOnlyList<PayoutProviderInfo> known, IReadOnlyList<IPayoutProvider> enabled)
{
    public const string Disabled = "payout_provider_disabled";

    /// <summary>The enabled provider called <paramref name="name"/>, or null.</summary>
    public IPayoutProvider? Find(string? name) => enabled.FirstOrDefault(p => p.Info.Name == name);

    /// <summary>
    /// The enabled provider named in <paramref name="field"/>: an unknown name is a field error (422), a provider this
    /// server has but is not configured for is 503 <see cref="Disabled"/>.
    /// </summary>
    public IPayoutProvider? Check(string? name, string field, FieldErrors errors, out DomainError? unavailable)
    {
        unavailable = null;
        var provider = Find(name);
        if (provider is null && known.Any(k => k.Name == name))
        {
            unavailable = DomainError.Unavailable(Disabled, $"This server is not configured to pay out with {name}.");
        }
        else if (provider is null)
        {
            errors.Add(field, $"must be a payout method this server has: {string.Join(" or ", known.Select(p => p.Name))}.");
        }

        return provider;
    }
}

public static class PayoutProviderServices
{
    /// <summary>Registers <typeparamref name="TPayoutProvider"/> (scoped); it is built only when <paramref name="isEnabled"/> says the server is configured for it.</summary>
    public static IServiceCollection AddPayoutProvider<TPayoutProvider>(this IServiceCollection services, PayoutProviderInfo info,
        Func<IServiceProvider, bool> isEnabled)
        where TPayoutProvider : class, IPayoutProvider =>
        services.AddProvider<PayoutProviderInfo, IPayoutProvider, TPayoutProvider>(info, isEnabled);

    /// <summary>The registry of this scope: every registered provider known, the enabled ones built.</summary>
    public static IServiceCollection AddPayoutProviders(this IServiceCollection services) =>
        services.AddProviderRegistry<PayoutProviderInfo, IPayoutProvider, PayoutProviders>((known, enabled) => new PayoutProviders(known, enabled));
}
