using System.Security.Claims;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Recycling.Appointments;
using Circula.Recycling.Contracts;
using Circula.Recycling.Payouts;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Circula.Shared.Results;
using Circula.Shared.StateMachines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Circula.Recycling.Endpoints;

/// <summary>
/// Customers find free pickup slots for an address, book them, follow, cancel (until the collector sets off), accept or
/// reject a weighed price, and read their recycling balance. Coordinates are GCJ-02 (as <c>wx.getLocation</c> gives them).
/// </summary>
public static class AppointmentEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/recycling").WithTags("Recycling");
        group.MapGet("/slots", Slots).WithName("ListPickupSlots")
            .WithSummary("Free pickup slots on a day (China time) of the service area containing a point; lat and lng are GCJ-02 degrees")
            .Validate<SlotQuery>().ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithResponseExample(SlotsView.Example);
        group.MapPost("/appointments", Book).RequireAuthorization().WithName("BookRecyclingPickup")
            .WithSummary("Book a pickup for a quote (or items to quote now) at an address (latitude/longitude in GCJ-02) in a free slot; 409 slot_full lists the next free slots")
            .Validate<BookAppointmentRequest>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(new BookAppointmentRequest("7212345678901234567", null, null, AppointmentView.Example.Contact.Address with { Detail = "文三路 90 号 1 幢 302" },
                "王小明", "13812345678", AppointmentView.Example.SlotStart))
            .WithResponseExample(AppointmentView.Example, StatusCodes.Status201Created);
        group.MapGet("/appointments/{id:long}", Get).RequireAuthorization().WithName("GetRecyclingAppointment")
            .WithSummary("One of the signed-in customer's pickup appointments").ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound).WithResponseExample(AppointmentView.Example);
        group.MapGet("/appointments", ListMine).RequireAuthorization().WithName("ListMyRecyclingAppointments")
            .WithSummary("The signed-in customer's pickup appointments, newest first (the latest 100)").ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithResponseExample(new[] { AppointmentView.Example });
        group.MapPost("/appointments/{id:long}/cancel", Cancel).RequireAuthorization().WithName("CancelMyRecyclingAppointment")
            .WithSummary("Cancel my pickup before the collector sets off (pending, confirmed or assigned); its slot place is released; 409 invalid_transition later")
            .Validate<CustomerReason>().Transition().WithRequestExample(new CustomerReason("临时有事")).WithResponseExample(AppointmentView.Example with { Status = "cancelled" });
        group.MapPost("/appointments/{id:long}/accept-price", AcceptPrice).RequireAuthorization().WithName("AcceptWeighedPrice")
            .WithSummary("Accept the weighed price when it differs from the quote by more than the allowed percentage (priceAcceptance: awaiting); " +
                "409 price_acceptance_not_needed otherwise").Transition()
            .WithResponseExample(AppointmentView.WeighedExample with { PriceAcceptance = "accepted" });
        group.MapPost("/appointments/{id:long}/reject-price", RejectPrice).RequireAuthorization().WithName("RejectWeighedPrice")
            .WithSummary("Reject the weighed price: the pickup is cancelled (cancellation: price_rejected)")
            .Validate<CustomerReason>().Transition().WithRequestExample(new CustomerReason("价格太低"))
            .WithResponseExample(AppointmentView.WeighedExample with { Status = "cancelled", Cancellation = "price_rejected" });
        group.MapGet("/appointments/{id:long}/payout", GetPayout).RequireAuthorization().WithName("GetMyRecyclingPayout")
            .WithSummary("The payout of my completed pickup: requested, processing, paid or refused. A WeChat transfer (wechat-transfer) waits for me to " +
                "confirm receipt: while it is processing, confirmation holds mchId, appId and package for wx.requestMerchantTransfer; poll until paid. " +
                "404 for another customer's appointment or before completion")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound).WithResponseExample(PayoutView.WaitingExample);
        group.MapGet("/balance", Balance).RequireAuthorization().WithName("GetRecyclingBalance")
            .WithSummary("My recycling balance in fen and its movements: credited with the final price at completion, debited when paid out")
            .ProducesProblem(StatusCodes.Status401Unauthorized).WithResponseExample(BalanceView.Example);
    }

    public static async Task<Ok<List<AppointmentView>>> ListMine(ClaimsPrincipal user, AppointmentQueries queries, PiiProtector pii, CancellationToken ct) =>
        TypedResults.Ok((await queries.MineAsync(user.UserId(), ct)).Select(a => AppointmentView.From(a, pii)).ToList());

    public static async Task<Results<Ok<AppointmentView>, ProblemHttpResult>> Cancel(long id, CustomerReason body, ClaimsPrincipal user,
        AppointmentTransitions transitions, PiiProtector pii, CancellationToken ct) =>
        (await transitions.ApplyAsync(id, AppointmentTrigger.Cancel, Customer(user), Reason(body.Reason), ct)).Answer(pii);

    public static async Task<Results<Ok<AppointmentView>, ProblemHttpResult>> AcceptPrice(long id, ClaimsPrincipal user, AppointmentWork work, PiiProtector pii,
        CancellationToken ct) =>
        (await work.AcceptPriceAsync(id, Customer(user), ct)).Answer(pii);

    public static async Task<Results<Ok<AppointmentView>, ProblemHttpResult>> RejectPrice(long id, CustomerReason body, ClaimsPrincipal user,
        AppointmentTransitions transitions, PiiProtector pii, CancellationToken ct) =>
        (await transitions.ApplyAsync(id, AppointmentTrigger.RejectPrice, Customer(user), Reason(body.Reason) ?? "price rejected", ct)).Answer(pii);

    public static async Task<Ok<BalanceView>> Balance(ClaimsPrincipal user, AppointmentQueries queries, CancellationToken ct)
    {
        var (balance, entries) = await queries.BalanceAsync(user.UserId(), ct);
        return TypedResults.Ok(new BalanceView(balance, entries.Select(LedgerEntryView.From).ToList()));
    }

    public static async Task<Results<Ok<PayoutView>, ProblemHttpResult>> GetPayout(long id, ClaimsPrincipal user, Settlement settlement, CancellationToken ct) =>
        await settlement.FindForCustomerAsync(id, user.UserId(), ct) is { } payout ? TypedResults.Ok(PayoutView.From(payout)) : ApiProblems.NotFound("Payout");

    internal static string? Reason(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();

    private static Requester Customer(ClaimsPrincipal user) => new(Actor.Customer, user.UserId());

    public static async Task<Results<Ok<SlotsView>, ProblemHttpResult>> Slots([AsParameters] SlotQuery query, PickupSlots slots, CancellationToken ct) =>
        (await slots.FreeOnAsync(query, ct)).ToOk(SlotsView.From);

    public static async Task<Results<Created<AppointmentView>, ProblemHttpResult>> Book(BookAppointmentRequest request, ClaimsPrincipal user,
        AppointmentBooking booking, PiiProtector pii, CancellationToken ct)
    {
        var booked = await booking.BookAsync(request, user.UserId(), ct);
        return booked.IsSuccess
            ? TypedResults.Created($"/api/v1/recycling/appointments/{booked.Value!.Id}", AppointmentView.From(booked.Value, pii))
            : booked.Error!.ToProblem();
    }

    public static async Task<Results<Ok<AppointmentView>, ProblemHttpResult>> Get(long id, ClaimsPrincipal user, CirculaDbContext db, PiiProtector pii,
        CancellationToken ct)
    {
        var userId = user.UserId();
        var appointment = await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.UserId == userId, ct);
        return appointment is null ? DomainError.NotFound("Appointment").ToProblem() : TypedResults.Ok(AppointmentView.From(appointment, pii));
    }
}
