using Circula.Payments.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Circula.Payments.Alipay;

public static class AlipayRegistration
{
    /// <summary>
    /// Options (validated at start, only when enabled), keys, the notification verifier, the pay-URL builder, the typed
    /// gateway client and the provider. Keys are parsed on first use and the provider is built only when Alipay is
    /// enabled, so a disabled Alipay costs nothing.
    /// </summary>
    public static IServiceCollection AddAlipay(this IServiceCollection services)
    {
        services.AddOptions<AlipayOptions>().BindConfiguration(AlipayOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlipayOptions>, AlipayOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new AlipayKeys(sp.GetRequiredService<IOptions<AlipayOptions>>()));
        services.AddSingleton<AlipayNotificationVerifier>();
        services.AddSingleton<AlipayPayRequestBuilder>();
        services.AddSingleton<AlipayEndpoints>();
        services.AddHttpClient<AlipayClient>((sp, http) =>
            http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<AlipayOptions>>().Value.TimeoutSeconds));
        services.AddScoped<AlipayBillSource>();
        return services.AddPaymentProvider<AlipayProvider>(AlipayProvider.Description, sp => sp.GetRequiredService<IOptions<AlipayOptions>>().Value.Enabled);
    }
}
