using Circula.Ordering.Contracts;
using Circula.Payments.Alipay;
using Circula.Payments.Bills;
using Circula.Payments.Contracts;
using Circula.Payments.Endpoints;
using Circula.Payments.Providers;
using Circula.Payments.Sandbox;
using Circula.Payments.WeChatPay;
using Circula.Shared;
using Circula.Shared.Modules;
using Circula.Shared.Outbox;
using Circula.Shared.Work;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Circula.Payments;

/// <summary>
/// Payments: payments and refunds with their transition tables, the provider registry (WeChat Pay and Alipay, each
/// registered from its own folder), the callbacks, reconciliation, closing on cancel, refunds and daily bills; the HTTP
/// edge in <c>Endpoints/</c>. Each provider is off unless configured, or played by its sandbox when
/// <c>Circula:Sandbox:Enabled</c> and no merchant (WeChat Pay <c>MchId</c>, Alipay <c>AppId</c>) is configured.
/// </summary>
public sealed class PaymentsModule : ICirculaModule
{
    /// <summary>Rate-limiter policy for creating payments (each one may call a provider); the host defines it.</summary>
    public const string CreatePaymentRateLimit = "payments";

    public void ConfigureModel(ModelBuilder modelBuilder) => PaymentsModel.Configure(modelBuilder);

    public void AddServices(IServiceCollection services)
    {
        services.AddWeChatPay();
        services.AddAlipay();
        services.AddPaymentProviders();
        services.AddScoped<PaymentStart>();
        services.AddScoped<PaymentQueries>();
        services.AddScoped<PaymentCallbacks>();
        services.AddScoped<PaymentNotificationProcessor>();
        services.AddScoped<RefundNotificationProcessor>();
        services.AddScoped<ProviderRefunds>();
        services.AddOutboxHandler<PaymentSucceededAfterCancel, RefundAfterCancelHandler>();
        services.AddOutboxHandler<OrderStatusChanged, RefundApprovedOrderHandler>();
        services.AddScoped<ProviderCloses>();
        services.AddOutboxHandler<OrderStatusChanged, CloseCancelledOrderHandler>();
        services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<TradeQueries>();
        services.AddScoped<PaymentReconciliation>();
        services.AddScopedJob<PaymentReconciler>();
        services.AddOptions<PaymentBillOptions>().BindConfiguration(PaymentBillOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<BillReconciliation>();
        services.AddSingleton<BillSchedule>();
        services.AddScopedJob<BillReconciliationWorker>();

        services.AddOptions<WeChatPayOptions>()
            .PostConfigure<IOptions<SandboxOptions>, IOptions<CirculaOptions>>((o, sandbox, circula) =>
                WeChatPaySandboxSetup.Apply(o, sandbox.Value.Enabled, circula.Value.DataDirectory));
        services.AddSingleton<WeChatPaySandboxGateway>();
        services.AddHttpClient(WeChatPaySandbox.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10)).RemoveAllLoggers();
        services.AddOptions<AlipayOptions>()
            .PostConfigure<IOptions<SandboxOptions>, IOptions<CirculaOptions>>((o, sandbox, circula) =>
                AlipaySandboxSetup.Apply(o, sandbox.Value.Enabled, circula.Value.DataDirectory));
        services.AddSingleton<AlipaySandboxGateway>();
        services.AddHttpClient(AlipaySandbox.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10)).RemoveAllLoggers();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        PaymentEndpoints.Map(app);
        BillEndpoints.Map(app);

        var sandboxEnabled = app.ServiceProvider.GetRequiredService<IOptions<SandboxOptions>>().Value.Enabled;
        if (sandboxEnabled && app.ServiceProvider.GetRequiredService<IOptions<WeChatPayOptions>>().Value.Sandbox)
        {
            WeChatPaySandbox.Map(app);
        }

        if (sandboxEnabled && app.ServiceProvider.GetRequiredService<IOptions<AlipayOptions>>().Value.Sandbox)
        {
            AlipaySandbox.Map(app);
        }

    }
}
