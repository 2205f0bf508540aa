using Circula.Identity.Contracts;
using Circula.Notifications.Delivery;
using Circula.Notifications.Robots;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Notifications.Endpoints;

/// <summary>Operators manage WeCom, Feishu and DingTalk group robots, send test messages and read what was delivered.</summary>
public static class RobotAdmin
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/robots").WithTags("Notifications admin").RequireAuthorization(Permissions.NotificationsManage);
        admin.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("/", List).WithName("ListRobots").WithSummary("Every group robot (URL host only; secrets are never returned)")
            .WithResponseExample(new[] { RobotView.Example });
        admin.MapGet("/{id:long}", Get).WithName("GetRobot").WithSummary("One robot").ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(RobotView.Example);
        admin.MapPost("/", Create).WithName("CreateRobot")
            .WithSummary("Register a robot by its webhook URL (stored encrypted), optional signing secret, format and event filter")
            .Validate<RobotRequest>()
            .WithRequestExample(new RobotRequest("门店运营群", "wecom", "markdown", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx", null,
                ["order.placed.v1", "order.status-changed.v1"]))
            .WithResponseExample(RobotView.Example, StatusCodes.Status201Created);
        admin.MapPut("/{id:long}", Update).WithName("UpdateRobot")
            .WithSummary("Change a robot (url and secret: null keeps, \"\" removes the secret); any edit clears a flag")
            .Validate<RobotRequest>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithRequestExample(new RobotRequest("门店运营群", "wecom", "text", null, null, ["order.placed.v1", "inventory.low-stock.v1"]))
            .WithResponseExample(RobotView.Example);
        admin.MapDelete("/{id:long}", Delete).WithName("DeleteRobot").WithSummary("Remove a robot").ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/{id:long}/test", Test).WithName("TestRobot")
            .WithSummary("Send a test message now and report the service's answer (outcome delivered, retryLater, robotInvalid or refused)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithResponseExample(new RobotTestAnswer("Delivered", "0", 200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));
        admin.MapGet("/{id:long}/deliveries", Deliveries).WithName("ListRobotDeliveries")
            .WithSummary($"The robot's latest {DeliveryLog.PageSize} deliveries with their attempts").ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(new[] { DeliveryView.Example });
        admin.MapPost("/{id:long}/deliveries/{deliveryId:long}/replay", Replay).WithName("ReplayRobotDelivery")
            .WithSummary("Send a delivered or given-up delivery again").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static async Task<Ok<List<RobotView>>> List(RobotAdministration robots, CancellationToken ct) =>
        TypedResults.Ok((await robots.ListAsync(ct)).Select(RobotView.From).ToList());

    public static async Task<Results<Ok<RobotView>, ProblemHttpResult>> Get(long id, RobotAdministration robots, CancellationToken ct) =>
        (await robots.GetAsync(id, ct)).ToOk(RobotView.From);

    public static async Task<Results<Created<RobotView>, ProblemHttpResult>> Create(RobotRequest request, RobotAdministration robots, CancellationToken ct)
    {
        var created = await robots.CreateAsync(request, ct);
        return created.IsSuccess ? TypedResults.Created($"/api/v1/admin/robots/{created.Value.Id}", RobotView.From(created.Value)) : created.Error.ToProblem();
    }

    public static async Task<Results<Ok<RobotView>, ProblemHttpResult>> Update(long id, RobotRequest request, RobotAdministration robots, CancellationToken ct) =>
        (await robots.UpdateAsync(id, request, ct)).ToOk(RobotView.From);

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, RobotAdministration robots, CancellationToken ct) =>
        (await robots.DeleteAsync(id, ct)).ToNoContent();

    public static async Task<Results<Ok<RobotTestAnswer>, ProblemHttpResult>> Test(long id, RobotAdministration robots, CancellationToken ct) =>
        (await robots.TestAsync(id, ct)).ToOk(a => a);

    public static async Task<Results<Ok<List<DeliveryView>>, ProblemHttpResult>> Deliveries(long id, RobotAdministration robots, DeliveryLog log, CancellationToken ct)
    {
        var robot = await robots.GetAsync(id, ct);
        return robot.IsSuccess
            ? TypedResults.Ok((await log.ListAsync(TargetKinds.Robot, id, ct)).Select(DeliveryView.From).ToList())
            : robot.Error.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Replay(long id, long deliveryId, DeliveryLog log, CancellationToken ct) =>
        (await log.ReplayAsync(TargetKinds.Robot, id, deliveryId, ct)).ToNoContent();
}
