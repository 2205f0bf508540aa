using System.Security.Claims;
using Circula.Identity.Contracts;
using Circula.Recycling.Appointments;
using Circula.Recycling.Areas;
using Circula.Recycling.Channels;
using Circula.Recycling.Collectors;
using Circula.Recycling.Contracts;
using Circula.Recycling.Payouts;
using Circula.Recycling.Quotes;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Circula.Shared.StateMachines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Recycling.Endpoints;

/// <summary>Operators: the appointments of a day, confirming (which dispatches to the nearest available collector), assigning a named collector, cancelling.</summary>
public static class AppointmentAdmin
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/recycling/appointments").WithTags("Recycling admin").RequireAuthorization(Permissions.RecyclingManage);
        admin.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("/", List).WithName("ListRecyclingAppointments")
            .WithSummary("The appointments of a China day in slot order, optionally of one slot (slotStart), status, area (areaId) and collector (collectorId); contacts masked")
            .Validate<AppointmentListQuery>().WithResponseExample(new[] { AppointmentView.Example });
        admin.MapGet("/{id:long}", Get).WithName("GetRecyclingAppointmentForOperator")
            .WithSummary("One appointment with its history, payout, the third-party channel order that has it and what each channel offered it answered").ProducesProblem(StatusCodes.Status404NotFound).WithResponseExample(AppointmentDetailView.Example);
        admin.MapGet("/{id:long}/candidates", Candidates).WithName("ListRecyclingAppointmentCandidates")
            .WithSummary("The collectors who could take the pickup, nearest first: active, their area contains the address and they work the whole slot " +
                "(whether they still have a place in it shows only on assigning: 409 collector_full)")
            .ProducesProblem(StatusCodes.Status404NotFound).WithResponseExample(new[] { CollectorAdmin.Example });
        admin.MapPost("/{id:long}/confirm", Confirm).WithName("ConfirmRecyclingAppointment")
            .WithSummary("Confirm a pending appointment. When a third-party channel takes its category and covers its address it stays confirmed and is " +
                "offered to the channels after the commit, then (none taking it) to our own collectors; otherwise, in the same transaction, it is dispatched to " +
                "the nearest active collector whose area contains the address, who works the whole slot and has a place left in it (ties: the lower user id); " +
                "with nobody available it stays confirmed for an operator to assign")
            .Transition().WithResponseExample(AppointmentView.Example with { Status = "assigned", CollectorId = "7212345678900000001" });
        admin.MapPost("/{id:long}/assign", Assign).WithName("AssignRecyclingAppointment")
            .WithSummary("Give a confirmed or assigned appointment to a named collector (the previous one's place is released); " +
                "422 collector_unavailable when they do not cover the address or work the slot, 409 collector_full when their places are taken, " +
                "409 held_by_channel while a third-party channel has it")
            .Validate<AssignRequest>().Transition().WithRequestExample(new AssignRequest("7212345678900000001"))
            .WithResponseExample(AppointmentView.Example with { Status = "assigned", CollectorId = "7212345678900000001" });
        admin.MapPost("/{id:long}/cancel", Cancel).WithName("CancelRecyclingAppointment")
            .WithSummary("Cancel an appointment that is not completed, with a reason (required); its slot place and collector place are released")
            .Validate<StaffReason>().Transition().WithRequestExample(new StaffReason("暴雨停止上门"))
            .WithResponseExample(AppointmentView.Example with { Status = "cancelled", Cancellation = "operator", CancelReason = "暴雨停止上门" });
    }

    public static async Task<Ok<List<AppointmentView>>> List([AsParameters] AppointmentListQuery query, AppointmentQueries queries, PiiProtector pii,
        CancellationToken ct) =>
        TypedResults.Ok((await queries.OnDayAsync(query, ct)).Select(a => AppointmentView.From(a, pii)).ToList());

    public static async Task<Results<Ok<AppointmentDetailView>, ProblemHttpResult>> Get(long id, AppointmentQueries queries, Quoting quoting,
        Settlement settlement, RecyclingChannels channels, PiiProtector pii, CancellationToken ct)
    {
        if (await queries.FindAsync(id, ct) is not { } appointment)
        {
            return ApiProblems.NotFound("Appointment");
        }

        var quoted = (await quoting.GetAsync(appointment.QuoteId, appointment.UserId, ct)).Value?.Priced
            ?? throw new InvalidOperationException($"Appointment {id} was booked from quote {appointment.QuoteId}, which is gone.");
        var payout = await settlement.FindAsync(id, ct);
        return TypedResults.Ok(new AppointmentDetailView(AppointmentView.From(appointment, pii), quoted,
            (await queries.HistoryAsync(id, ct)).Select(AppointmentStepView.Of).ToList(), payout is null ? null : PayoutView.From(payout),
            AppointmentDetailView.OperatorActions(appointment.Status),
            await channels.FindAsync(id, ct) is { } order ? ChannelOrderView.From(order) : null,
            (await channels.AttemptsAsync(id, ct)).Select(ChannelAttemptView.From).ToList()));
    }

    public static async Task<Results<Ok<List<CollectorView>>, ProblemHttpResult>> Candidates(long id, AppointmentQueries queries, CollectorRoster collectors,
        CancellationToken ct)
    {
        if (await queries.FindAsync(id, ct) is not { } appointment)
        {
            return ApiProblems.NotFound("Appointment");
        }

        var slot = new PickupSlot(appointment.SlotStart, appointment.SlotEnd);
        return TypedResults.Ok(Dispatch.Candidates(await collectors.ListAsync(ct), appointment.Latitude, appointment.Longitude, slot)
            .Select(CollectorView.From).ToList());
    }

    public static async Task<Results<Ok<AppointmentView>, ProblemHttpResult>> Confirm(long id, ClaimsPrincipal user, AppointmentWork work, PiiProtector pii,
        CancellationToken ct) =>
        (await work.ConfirmAsync(id, Operator(user), ct)).Answer(pii);

    public static async Task<Results<Ok<AppointmentView>, ProblemHttpResult>> Assign(long id, AssignRequest body, ClaimsPrincipal user, AppointmentWork work,
        PiiProtector pii, CancellationToken ct) =>
        (await work.AssignAsync(id, body.CollectorNumber!.Value, Operator(user), ct)).Answer(pii);

    public static async Task<Results<Ok<AppointmentView>, ProblemHttpResult>> Cancel(long id, StaffReason body, ClaimsPrincipal user,
        AppointmentTransitions transitions, PiiProtector pii, CancellationToken ct) =>
        (await transitions.ApplyAsync(id, AppointmentTrigger.Cancel, Operator(user), AppointmentEndpoints.Reason(body.Reason), ct)).Answer(pii);

    private static Requester Operator(ClaimsPrincipal user) => new(Actor.Operator, user.UserId());
}
