using System.Text.Json;
using Circula.Identity.Contracts;
using Circula.Recycling.Appointments;
using Circula.Recycling.Areas;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Recycling.Endpoints;

/// <summary>Operators draw the service areas (GeoJSON Polygons, GCJ-02) and set their slots.</summary>
public static class ServiceAreaAdmin
{
    private static readonly ServiceAreaRequest ExampleArea = new("西湖区", JsonSerializer.SerializeToElement(new
    {
        type = "Polygon",
        coordinates = new[] { new[] { new[] { 120.10, 30.24 }, new[] { 120.165, 30.24 }, new[] { 120.165, 30.30 }, new[] { 120.10, 30.30 }, new[] { 120.10, 30.24 } } },
    }), 120, 10, "09:00", "19:00");

    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/recycling/areas").WithTags("Recycling admin").RequireAuthorization(Permissions.RecyclingManage);
        admin.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("/", List).WithName("ListServiceAreas").WithSummary("Every service area with its boundary (GeoJSON, GCJ-02), slots and hours")
            .WithResponseExample(new[] { Example });
        admin.MapPost("/", Create).WithName("CreateServiceArea")
            .WithSummary("Add a service area: a GeoJSON Polygon in GCJ-02 (closed rings, at most 1,000 positions, not self-intersecting), slot length, capacity and hours")
            .Validate<ServiceAreaRequest>().WithRequestExample(ExampleArea).WithResponseExample(Example, StatusCodes.Status201Created);
        admin.MapPut("/{id:long}", Update).WithName("UpdateServiceArea")
            .WithSummary("Redraw a service area and reset its slots (checked as when it was added); booked appointments keep their slots, and the new " +
                "capacity also holds for coming slots that already have bookings (one over it takes no more)")
            .Validate<ServiceAreaRequest>().ProducesProblem(StatusCodes.Status404NotFound).WithRequestExample(ExampleArea).WithResponseExample(Example);
        admin.MapGet("/slots", Fill).WithName("ListServiceAreaSlotFill")
            .WithSummary("Every area's slots on a China day (date=yyyy-MM-dd) with the places booked of their capacity; starts and ends in UTC")
            .Validate<ChinaDayQuery>().WithResponseExample(new[] { FillExample });
    }

    private static readonly AreaFillView FillExample = new("1", "西湖区",
        [new SlotFill(new DateTime(2026, 5, 2, 1, 0, 0, DateTimeKind.Utc), new DateTime(2026, 5, 2, 3, 0, 0, DateTimeKind.Utc), 10, 3)]);

    private static readonly ServiceAreaView Example = new("1", ExampleArea.Name!, ExampleArea.Boundary, 120, 10, "09:00", "19:00",
        new DateTime(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc));

    public static async Task<Ok<List<ServiceAreaView>>> List(ServiceAreas areas, CancellationToken ct) =>
        TypedResults.Ok((await areas.ListAsync(ct)).Select(ServiceAreaView.From).ToList());

    public static async Task<Results<Ok<ServiceAreaView>, ProblemHttpResult>> Update(long id, ServiceAreaRequest request, ServiceAreas areas,
        CancellationToken ct) =>
        (await areas.UpdateAsync(id, request, ct)).ToOk(ServiceAreaView.From);

    public static async Task<Ok<List<AreaFillView>>> Fill([AsParameters] ChinaDayQuery query, PickupSlots slots, CancellationToken ct) =>
        TypedResults.Ok((await slots.FillOnAsync(query.Date!.Value, ct)).Select(AreaFillView.From).ToList());

    public static async Task<Results<Created<ServiceAreaView>, ProblemHttpResult>> Create(ServiceAreaRequest request, ServiceAreas areas, CancellationToken ct)
    {
        var area = await areas.CreateAsync(request, ct);
        return area.IsSuccess ? TypedResults.Created($"/api/v1/admin/recycling/areas/{area.Value!.Id}", ServiceAreaView.From(area.Value)) : area.Error!.ToProblem();
    }
}
