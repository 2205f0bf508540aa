using Circula.Payments.Alipay;
using Circula.Payments.WeChatPay;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Circula.Payments;

/// <summary>
/// Payments: for now the protocol layers of WeChat Pay API v3 (signing, verification, callback decryption, the typed
/// client) and Alipay RSA2 (sign content, notification verification, pay URLs, the typed client). No endpoints yet.
/// With both disabled (the default) nothing is loaded and nothing is required.
/// </summary>
public static class PaymentsModule
{
    public static IServiceCollection AddPaymentsModule(this IServiceCollection services)
    {
        services.AddOptions<WeChatPayOptions>().BindConfiguration(WeChatPayOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeChatPayOptions>, WeChatPayOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWeChatPayNonceSource, RandomWeChatPayNonceSource>();

        // Resolved on first use; they throw when WeChat Pay is not enabled.
        services.AddSingleton(sp => WeChatPayCredentials.Load(sp.GetRequiredService<IOptions<WeChatPayOptions>>().Value));
        services.AddSingleton(sp => new WeChatPayRequestSigner(sp.GetRequiredService<WeChatPayCredentials>().Merchant,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IWeChatPayNonceSource>()));
        services.AddSingleton(sp => new WeChatPaySignatureVerifier(sp.GetRequiredService<WeChatPayCredentials>().VerificationKeys,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new WeChatPayResourceDecryptor(sp.GetRequiredService<WeChatPayCredentials>().ApiV3Key));
        services.AddSingleton<WeChatPayNotificationReader>();
        services.AddHttpClient<WeChatPayClient>((sp, http) =>
                http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<WeChatPayOptions>>().Value.TimeoutSeconds))
            // The client logs status, WeChat Pay's code and Request-ID itself; the default handler logs add nothing.
            .RemoveAllLoggers();
        services.AddAlipay();
        return services;
    }
}
