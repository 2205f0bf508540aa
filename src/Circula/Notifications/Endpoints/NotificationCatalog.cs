using Circula.Identity.Contracts;
using Circula.Notifications.Providers;
using Circula.Notifications.Templates;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Notifications.Endpoints;

/// <summary>What a robot or webhook form offers: the robot services with their formats and limits, and the event types.</summary>
public sealed record NotificationCatalogView(IReadOnlyList<RobotProviderInfo> Providers, IReadOnlyList<string> EventTypes)
{
    public static readonly NotificationCatalogView Example = new(
        [new("wecom", "企业微信群机器人", ["markdown", "text"], 20, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…")],
        ["inventory.low-stock.v1", "order.placed.v1", "order.status-changed.v1"]);
}

public static class NotificationCatalog
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/admin/notifications/catalog", Get).WithTags("Notifications admin").RequireAuthorization(Permissions.NotificationsManage)
            .WithName("GetNotificationCatalog").WithSummary("The robot services (formats, messages per rate window, URL shape) and the event types robots and webhooks can take")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithResponseExample(NotificationCatalogView.Example);

    public static Ok<NotificationCatalogView> Get(RobotProviders providers) =>
        TypedResults.Ok(new NotificationCatalogView(providers.All.Select(p => p.Info).ToList(),
            NotificationTemplates.Types.Order(StringComparer.Ordinal).ToList()));
}
