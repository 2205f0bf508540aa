using Circula.Inventory.Contracts;
using Circula.Notifications.Contracts;
using Circula.Notifications.Delivery;
using Circula.Notifications.DingTalk;
using Circula.Notifications.Endpoints;
using Circula.Notifications.Feed;
using Circula.Notifications.Feishu;
using Circula.Notifications.Outbound;
using Circula.Notifications.Providers;
using Circula.Notifications.RabbitMq;
using Circula.Notifications.Robots;
using Circula.Notifications.SubscribeMessages;
using Circula.Notifications.Templates;
using Circula.Notifications.WeCom;
using Circula.Notifications.Webhooks;
using Circula.Ordering.Contracts;
using Circula.Payments.Contracts;
using Circula.Shared;
using Circula.Shared.Modules;
using Circula.Shared.Outbox;
using Circula.Shared.Providers;
using Circula.Shared.Work;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Circula.Notifications;

/// <summary>
/// Delivers the other modules' events to WeCom, Feishu and DingTalk group robots and to signed webhooks (a durable
/// queue any replica works on), and streams them live to customers and operators over Server-Sent Events.
/// </summary>
public sealed class NotificationsModule : ICirculaModule
{
    public void ConfigureModel(ModelBuilder modelBuilder) => NotificationsModel.Configure(modelBuilder);

    public void AddServices(IServiceCollection services)
    {
        services.AddOptions<NotificationsOptions>().BindConfiguration(NotificationsOptions.Section)
            .Validate(o => o.RateWindow > TimeSpan.Zero && o.MaxAttempts > 0 && o.BaseBackoff > TimeSpan.Zero && o.Timeout > TimeSpan.Zero
                && o.StreamPollInterval > TimeSpan.Zero && o.StreamHeartbeat > TimeSpan.Zero && o.WebhookDisableAfter > 0,
                "Circula:Notifications: windows, intervals, timeouts and counts must be positive.")
            .ValidateOnStart();
        services.AddPiiProtection();
        services.AddSingleton<TargetGuard>();
        services.AddSingleton<DeliveryMetrics>();
        services.AddHttpClient<OutboundHttp>((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<NotificationsOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<TargetGuard>().ConnectAsync,
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });
        services.AddScoped<TargetUrls>();

        // A robot's URL and secret are per robot, stored with it, so every robot service is always enabled.
        services.AddProvider<RobotProviderInfo, IRobotProvider, WeComRobot>(WeComRobot.Description, _ => true)
            .AddProvider<RobotProviderInfo, IRobotProvider, FeishuRobot>(FeishuRobot.Description, _ => true)
            .AddProvider<RobotProviderInfo, IRobotProvider, DingTalkRobot>(DingTalkRobot.Description, _ => true)
            .AddProviderRegistry<RobotProviderInfo, IRobotProvider, RobotProviders>((_, enabled) => new RobotProviders(enabled));
        services.AddScoped<SendWindows>();
        services.AddScoped<RobotMessenger>();
        services.AddScoped<RobotAdministration>();
        services.AddScoped<WebhookMessenger>();
        services.AddScoped<WebhookAdministration>();

        services.AddOptions<SubscribeMessageOptions>().BindConfiguration(SubscribeMessageOptions.Section)
            .PostConfigure<IConfiguration>((o, configuration) =>
            {
                // The mini program that signs customers in is the one that messages them.
                var wechat = configuration.GetSection(SubscribeMessageOptions.WeChatSection);
                o.AppId ??= wechat["AppId"];
                o.AppSecret ??= wechat["AppSecret"];
                o.BaseUrl ??= wechat["BaseUrl"];
            })
            .Validate(o => o.RefreshBefore > TimeSpan.Zero && o.MiniProgramState is "formal" or "trial" or "developer"
                && (string.IsNullOrWhiteSpace(o.BaseUrl) || Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"),
                "Circula:Notifications:SubscribeMessages: RefreshBefore must be positive, MiniProgramState formal, trial or developer, BaseUrl an http(s) URL.")
            .ValidateOnStart();
        services.AddScoped<MiniProgramTokens>();
        services.AddScoped<SubscribeCredits>();
        services.AddScoped<SubscribeMessenger>();
        services.AddScoped<SubscribeAdministration>();

        services.AddScoped<TemplateRenderer>();
        services.AddScoped<TemplateAdministration>();
        services.AddScoped<EventFeed>();
        services.AddScoped<DeliveryLog>();
        services.AddClaimedWork<DeliverySender>();
        services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.Section)
            .Validate(o => !o.Enabled || (System.Uri.TryCreate(o.Uri, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps"
                && !string.IsNullOrWhiteSpace(o.Exchange) && o.ConfirmTimeout > TimeSpan.Zero),
                "Circula:Notifications:RabbitMq: when Enabled, Uri must be an amqp(s) URI, Exchange a name and ConfirmTimeout positive.")
            .ValidateOnStart();
        services.AddSingleton<RabbitMqChannel>();
        services
            .Deliver<OrderPlaced>()
            .Deliver<OrderStatusChanged>()
            .Deliver<PaymentStatusChanged>()
            .Deliver<RefundStatusChanged>()
            .Deliver<LowStock>()
            .Deliver<PaymentMoneyUnapplied>()
            .Deliver<PaymentSucceededAfterCancel>()
            .Deliver<OrderRefundedWithoutPayment>()
            .Deliver<PaymentBillDiscrepanciesFound>()
            .Deliver<PaymentBillReconciliationFailed>()
            .Deliver<WebhookDisabled>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        RobotAdmin.Map(app);
        WebhookAdmin.Map(app);
        TemplateAdmin.Map(app);
        SubscribeMessageAdmin.Map(app);
        EventStreams.Map(app);
        NotificationCatalog.Map(app);
    }

}

internal static class NotificationSubscriptions
{
    /// <summary>An event this module delivers: fanned out to robots, webhooks and customers, and published to RabbitMQ when that is on.</summary>
    public static IServiceCollection Deliver<TEvent>(this IServiceCollection services) where TEvent : IIntegrationEvent =>
        services.AddOutboxHandler<TEvent, FanOut<TEvent>>().AddOutboxHandler<TEvent, RabbitMqPublisher<TEvent>>();
}
