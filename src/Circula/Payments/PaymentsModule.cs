using Circula.Ordering.Contracts;
using Circula.Payments.Alipay;
using Circula.Payments.Bills;
using Circula.Payments.Contracts;
using Circula.Payments.Endpoints;
using Circula.Payments.Providers;
using Circula.Payments.WeChatPay;
using Circula.Shared.Modules;
using Circula.Shared.Outbox;
using Circula.Shared.Work;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Circula.Shared.Metrics;

namespace Circula.Payments;

/// <summary>
/// Payments: payments and refunds with their transition tables, the provider registry (WeChat Pay and Alipay, each
/// registered from its own folder), the callbacks, reconciliation, closing on cancel, refunds and daily bills; the HTTP
/// edge in <c>Endpoints/</c>. Each provider is off unless configured (or a stand-in the host registers plays it, see
/// <see cref="IWeChatPayStandIn"/>).
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
        services.AddEventMeasurements<PaymentMetrics>();
        services.AddScoped<PaymentStart>();
        services.AddScoped<PaymentQueries>();
        services.AddScoped<PaymentCallbacks>();
        services.AddSingleton<NoticesInFlight>();
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
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        PaymentOversightEndpoints.Map(app);
        PaymentEndpoints.Map(app);
        BillEndpoints.Map(app);
    }
}
