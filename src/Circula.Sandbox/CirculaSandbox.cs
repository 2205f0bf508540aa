using Circula.Payments.Alipay;
using Circula.Payments.WeChatPay;
using Circula.Sandbox.Alipay;
using Circula.Sandbox.Migrations;
using Circula.Sandbox.WeChat;
using Circula.Sandbox.WeChatPay;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Circula.Sandbox;

/// <summary>
/// The development sandbox: this server playing WeChat login, WeChat Pay and Alipay under <c>/sandbox</c>, so development
/// and tests need no real accounts. The server loads it only when <see cref="EnabledSetting"/> is true (by default in
/// Development); never in production. It plays WeChat Pay and Alipay only when no merchant of theirs is configured, by
/// post-configuring the product's options with generated keys and registering stand-ins that point the product at this server.
/// What the sandboxes know about trades is in their own tables (<see cref="SandboxMigrations"/>, applied at start with the
/// product's), so a sandbox payment survives a restart and works across replicas.
/// </summary>
public static class CirculaSandbox
{
    public const string EnabledSetting = "Circula:Sandbox:Enabled";

    /// <summary>Answers only when the sandbox is loaded, so a client (the admin console) can tell whether it may simulate payments.</summary>
    public const string StatusPath = "/sandbox";

    public static bool IsEnabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue(EnabledSetting, environment.IsDevelopment());

    public static IServiceCollection AddCirculaSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        var plays = new SandboxProviders(
            WeChatPay: string.IsNullOrWhiteSpace(configuration[$"{WeChatPayOptions.Section}:MchId"]),
            Alipay: string.IsNullOrWhiteSpace(configuration[$"{AlipayOptions.Section}:AppId"]));
        services.AddSingleton(plays);
        services.AddSingleton(SandboxMigrations.Set);
        services.AddSingleton<SandboxDatabase>();
        services.AddSingleton<SandboxBillFiles>();
        services.AddWeChatLoginSandbox();
        if (plays.WeChatPay)
        {
            services.AddWeChatPaySandbox();
        }

        if (plays.Alipay)
        {
            services.AddAlipaySandbox();
        }

        return services;
    }

    public static IEndpointRouteBuilder MapCirculaSandbox(this IEndpointRouteBuilder app)
    {
        WeChatSandbox.Map(app);
        var plays = app.ServiceProvider.GetRequiredService<SandboxProviders>();
        app.MapGet(StatusPath, () => TypedResults.Ok(plays)).WithTags("Sandbox").WithName("GetSandboxStatus")
            .WithSummary("SANDBOX ONLY: which payment providers this server plays (their /sandbox/{provider}/pay makes a payment); 404 when the sandbox is off")
            .ProducesProblem(StatusCodes.Status404NotFound).WithResponseExample(new SandboxProviders(WeChatPay: true, Alipay: true));
        if (plays.WeChatPay)
        {
            WeChatPaySandbox.Map(app);
        }

        if (plays.Alipay)
        {
            AlipaySandbox.Map(app);
        }

        return app;
    }
}

/// <summary>Which payment providers the sandbox plays: those without a configured merchant (WeChat Pay <c>MchId</c>, Alipay <c>AppId</c>).</summary>
public sealed record SandboxProviders(bool WeChatPay, bool Alipay);
