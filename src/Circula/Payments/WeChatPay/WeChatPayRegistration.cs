using Circula.Payments.Contracts;
using Circula.Payments.Providers;
using Circula.Shared.Work;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Circula.Payments.WeChatPay;

public static class WeChatPayRegistration
{
    /// <summary>
    /// Options (checked at start, only when enabled), keys, signer, verifier, decryptor, the typed client and the
    /// provider. Keys are read on first use and the provider is built only when WeChat Pay is enabled, so a disabled
    /// WeChat Pay costs nothing and nothing reaches for its keys.
    /// </summary>
    public static IServiceCollection AddWeChatPay(this IServiceCollection services)
    {
        services.AddOptions<WeChatPayOptions>().BindConfiguration(WeChatPayOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeChatPayOptions>, WeChatPayOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWeChatPayNonceSource, RandomWeChatPayNonceSource>();
        services.AddSingleton(sp => WeChatPayCredentials.Load(sp.GetRequiredService<IOptions<WeChatPayOptions>>().Value));
        services.AddSingleton(sp => new WeChatPayRequestSigner(sp.GetRequiredService<WeChatPayCredentials>().Merchant,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IWeChatPayNonceSource>()));
        services.AddSingleton(sp => sp.GetRequiredService<WeChatPayCredentials>().VerificationKeys);
        services.AddSingleton<WeChatPaySignatureVerifier>();
        services.AddSingleton(sp => new WeChatPayResourceDecryptor(sp.GetRequiredService<WeChatPayCredentials>().ApiV3Key));
        services.AddSingleton<WeChatPayNotificationReader>();
        services.AddSingleton<WeChatPayEndpoints>();
        services.AddHttpClient<WeChatPayClient>((sp, http) =>
                http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<WeChatPayOptions>>().Value.TimeoutSeconds))
            // The client logs status, WeChat Pay's code and Request-ID itself; the default handler logs add nothing.
            .RemoveAllLoggers();
        services.AddScoped<WeChatPayBillSource>();
        services.AddScoped<WeChatPayTransfers>();
        services.AddScoped<Func<WeChatPayTransfers>>(sp => sp.GetRequiredService<WeChatPayTransfers>);
        services.AddScoped<WeChatPayMerchantTransfers>();
        services.AddScoped<IMerchantTransfers>(sp => sp.GetRequiredService<WeChatPayMerchantTransfers>());
        services.AddScoped<WeChatPayPlatformCertificateDownload>();
        services.AddScoped<Func<WeChatPayPlatformCertificateDownload>>(sp => sp.GetRequiredService<WeChatPayPlatformCertificateDownload>);
        services.AddScopedJob<WeChatPayPlatformCertificateRefresh, WeChatPayOptions>(_ => WeChatPayPlatformCertificateRefresh.Round);
        return services.AddPaymentProvider<WeChatPayProvider>(WeChatPayProvider.Description, sp => sp.GetRequiredService<IOptions<WeChatPayOptions>>().Value.Enabled);
    }
}
