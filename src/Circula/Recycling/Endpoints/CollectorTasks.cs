using System.Security.Claims;
using Circula.Identity.Contracts;
using Circula.Recycling.Appointments;
using Circula.Recycling.Collectors;
using Circula.Recycling.Contracts;
using Circula.Recycling.Pricing;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Circula.Shared.StateMachines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Recycling.Endpoints;

/// <summary>
/// A collector's own pickups (another collector's are 404): the day's tasks in route order with the full contact, and the
/// steps on site; the weighing may name up to nine photos the collector uploaded (<c>POST /api/v1/uploads</c>).
/// </summary>
public static class CollectorTasks
{
    private static readonly AppointmentView TaskExample = AppointmentView.Example with
    {
        Status = "assigned", CollectorId = "7212345678900000001",
        Contact = new PickupContact("王小明", "13812345678", AppointmentView.Example.Contact.Address with { Detail = "文三路 90 号 1 幢 302" }),
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/api/v1/recycling/collector/tasks").WithTags("Recycling collectors").RequireAuthorization(Permissions.RecyclingCollect);
        tasks.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        tasks.MapGet("/", List).WithName("ListMyPickupTasks")
            .WithSummary("My pickups of a China day that are not cancelled, in route order: slot by slot, and within a slot nearest neighbour from the " +
                "previous stop (the first from my base); the contact is shown in full. 404 when I have no collector profile")
            .Validate<ChinaDayQuery>().ProducesProblem(StatusCodes.Status404NotFound).WithResponseExample(new[] { TaskExample });
        tasks.MapPost("/{id:long}/start", Start).WithName("StartPickupTrip").WithSummary("I am on my way to this pickup (assigned → on_the_way)")
            .Transition().WithResponseExample(TaskExample with { Status = "on_the_way" });
        tasks.MapPost("/{id:long}/weigh", Weigh).WithName("WeighPickup")
            .WithSummary("Record the items as weighed (quantities and answers as in a quote; 422 names the path): the final price is recomputed with the " +
                "appointment's rule version; beyond the allowed difference from the quote the customer must accept it before completion. photoIds (optional, up to 9): ids of images I uploaded " +
                "(POST /api/v1/uploads); another user's or an unknown id is 422 naming photoIds[i]")
            .Validate<WeighingRequest>().Transition()
            .WithRequestExample(new WeighingRequest([new QuoteItemInput(50m, new Dictionary<string, System.Text.Json.JsonElement>
                { ["wet"] = System.Text.Json.JsonSerializer.SerializeToElement(false) })], ["7214567890123456789"]))
            .WithResponseExample(AppointmentView.WeighedExample);
        tasks.MapPost("/{id:long}/complete", Complete).WithName("CompletePickup")
            .WithSummary("Complete a weighed pickup and pay the customer: payoutMethod cash (paidFen: the cash handed over, equal to the final price) or " +
                "wechat-transfer (a WeChat Pay merchant transfer the customer confirms in the mini program; 422 on payoutMethod over 199999 fen or for a " +
                "customer who never signed in with WeChat; 503 payout_provider_disabled without WeChat Pay). " +
                "Settles exactly once: one payout and one ledger credit per appointment; a second complete is 409. 409 price_not_accepted while the customer must accept")
            .Validate<CompleteRequest>().Transition().ProducesProblem(StatusCodes.Status503ServiceUnavailable).WithRequestExample(new CompleteRequest("cash", 7000))
            .WithResponseExample(AppointmentView.WeighedExample with { Status = "completed", PriceAcceptance = "accepted" });
        tasks.MapPost("/{id:long}/no-show", NoShow).WithName("ReportPickupNoShow")
            .WithSummary("Nobody was there: the pickup is cancelled as a no-show (cancellation: no_show), distinct from other cancellations")
            .Validate<CustomerReason>().Transition().WithRequestExample(new CustomerReason("敲门无人应答，电话未接"))
            .WithResponseExample(TaskExample with { Status = "cancelled", Cancellation = "no_show" });
        tasks.MapPost("/{id:long}/cancel", Cancel).WithName("CancelPickupTask")
            .WithSummary("Cancel my pickup with a reason (required); its places are released")
            .Validate<StaffReason>().Transition().WithRequestExample(new StaffReason("车辆故障"))
            .WithResponseExample(TaskExample with { Status = "cancelled", Cancellation = "collector", CancelReason = "车辆故障" });
    }

    public static async Task<Results<Ok<List<AppointmentView>>, ProblemHttpResult>> List([AsParameters] ChinaDayQuery query, ClaimsPrincipal user,
        CollectorRoster collectors, AppointmentQueries queries, PiiProtector pii, CancellationToken ct)
    {
        if (await collectors.FindAsync(user.UserId(), ct) is not { } collector)
        {
            return ApiProblems.NotFound("Collector profile");
        }

        return TypedResults.Ok((await queries.TasksAsync(collector, query.Date!.Value, ct)).Select(a => AppointmentView.From(a, pii, fullContact: true)).ToList());
    }

    public static async Task<Results<Ok<AppointmentView>, ProblemHttpResult>> Start(long id, ClaimsPrincipal user, AppointmentTransitions transitions,
        PiiProtector pii, CancellationToken ct) =>
        (await transitions.ApplyAsync(id, AppointmentTrigger.StartTrip, Collector(user), null, ct)).Answer(pii, fullContact: true);

    public static async Task<Results<Ok<AppointmentView>, ProblemHttpResult>> Weigh(long id, WeighingRequest body, ClaimsPrincipal user, AppointmentWork work,
        PiiProtector pii, CancellationToken ct) =>
        (await work.WeighAsync(id, body, Collector(user), ct)).Answer(pii, fullContact: true);

    public static async Task<Results<Ok<AppointmentView>, ProblemHttpResult>> Complete(long id, CompleteRequest body, ClaimsPrincipal user, AppointmentWork work,
        PiiProtector pii, CancellationToken ct) =>
        (await work.CompleteAsync(id, body, Collector(user), ct)).Answer(pii, fullContact: true);

    public static async Task<Results<Ok<AppointmentView>, ProblemHttpResult>> NoShow(long id, CustomerReason body, ClaimsPrincipal user,
        AppointmentTransitions transitions, PiiProtector pii, CancellationToken ct) =>
        (await transitions.ApplyAsync(id, AppointmentTrigger.ReportNoShow, Collector(user), AppointmentEndpoints.Reason(body.Reason) ?? "no-show", ct))
        .Answer(pii, fullContact: true);

    public static async Task<Results<Ok<AppointmentView>, ProblemHttpResult>> Cancel(long id, StaffReason body, ClaimsPrincipal user,
        AppointmentTransitions transitions, PiiProtector pii, CancellationToken ct) =>
        (await transitions.ApplyAsync(id, AppointmentTrigger.Cancel, Collector(user), AppointmentEndpoints.Reason(body.Reason), ct)).Answer(pii, fullContact: true);

    private static Requester Collector(ClaimsPrincipal user) => new(Actor.Collector, user.UserId());
}
