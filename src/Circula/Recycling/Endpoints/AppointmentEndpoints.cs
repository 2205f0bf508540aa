using System.Security.Claims;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Recycling.Appointments;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Circula.Shared.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Circula.Recycling.Endpoints;

/// <summary>Customers find free pickup slots for an address and book them. Coordinates are GCJ-02 (as <c>wx.getLocation</c> gives them).</summary>
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
    }

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
