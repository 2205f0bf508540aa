using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Circula.Payments.Alipay;

public static class AlipayServiceCollectionExtensions
{
    /// <summary>
    /// Options (validated at start, only when enabled), keys, the notification verifier, the pay-URL builder and the
    /// typed gateway client. Keys are parsed on first use, so a disabled Alipay costs nothing.
    /// </summary>
    public static IServiceCollection AddAlipay(this IServiceCollection services)
    {
        services.AddOptions<AlipayOptions>().BindConfiguration(AlipayOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlipayOptions>, AlipayOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new AlipayKeys(sp.GetRequiredService<IOptions<AlipayOptions>>()));
        services.AddSingleton<AlipayNotificationVerifier>();
        services.AddSingleton<AlipayPayRequestBuilder>();
        services.AddHttpClient<AlipayClient>((sp, http) =>
            http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<AlipayOptions>>().Value.TimeoutSeconds));
        return services;
    }
}
