using Circula.Shared;
using Circula.Shared.Results;

namespace Circula.Payments.Providers;

/// <summary>
/// The registry: every provider built into the server (<see cref="Known"/>, whether configured or not) and the enabled
/// ones (<see cref="Enabled"/>; a provider that is not configured is simply not there). The one place that looks a
/// provider up by name; the payment flow never branches on a provider's name.
/// </summary>
public sealed class PaymentProviders(IReadOnlyList<PaymentProviderInfo> known, IReadOnlyList<IPaymentProvider> enabled)
{
    /// <summary>The provider is known but this server is not configured for it (503).</summary>
    public const string Disabled = "payment_provider_disabled";

    /// <summary>The provider refused what we asked (502).</summary>
    public const string ProviderError = "payment_provider_error";

    public IReadOnlyList<PaymentProviderInfo> Known { get; } = known;

    public IReadOnlyList<IPaymentProvider> Enabled { get; } = enabled;

    /// <summary>The enabled provider called <paramref name="name"/>, or null.</summary>
    public IPaymentProvider? Find(string name) => Enabled.FirstOrDefault(p => p.Info.Name == name);

    /// <summary>The enabled provider called <paramref name="name"/>, or 503 <c>payment_provider_disabled</c> (a name the server knows but is not configured for).</summary>
    public Result<IPaymentProvider> Get(string name) =>
        Find(name) is { } provider
            ? Result<IPaymentProvider>.Success(provider)
            : DomainError.Unavailable(Disabled, $"{Known.FirstOrDefault(k => k.Name == name)?.DisplayName ?? name} is not configured on this server.");

    /// <summary>Checks a provider name given in <paramref name="field"/> against the known providers.</summary>
    public PaymentProviderInfo? CheckName(string? name, string field, FieldErrors errors)
    {
        var info = Known.FirstOrDefault(k => k.Name == name);
        if (info is null)
        {
            errors.Add(field, $"must be {string.Join(" or ", Known.Select(k => k.Name))}.");
        }

        return info;
    }

    /// <summary>Checks a provider and one of its channels, as a client names them.</summary>
    public void CheckChannel(string? provider, string? channel, FieldErrors errors)
    {
        if (CheckName(provider, "provider", errors) is { } info && (channel is null || info.Channel(channel) is null))
        {
            errors.Add("channel", $"must be {string.Join(" or ", info.Channels.Select(c => c.Name))} for {info.Name}.");
        }
    }
}
