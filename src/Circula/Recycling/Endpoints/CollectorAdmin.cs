using System.Text.Json;
using Circula.Identity.Contracts;
using Circula.Recycling.Collectors;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Recycling.Endpoints;

/// <summary>Operators set up collectors: a user with the collector role gets an area (GeoJSON Polygon, GCJ-02), a base, hours and places per slot.</summary>
public static class CollectorAdmin
{
    private static readonly JsonElement ExampleArea = JsonSerializer.SerializeToElement(new
    {
        type = "Polygon",
        coordinates = new[] { new[] { new[] { 120.08, 30.20 }, new[] { 120.165, 30.20 }, new[] { 120.165, 30.30 }, new[] { 120.08, 30.30 }, new[] { 120.08, 30.20 } } },
    });

    private static readonly NewCollector ExampleRequest = new("7212345678900000001", "李师傅", ExampleArea, 30.2741, 120.1305, "09:00", "19:00", 3);

    public static readonly CollectorView Example = new("7212345678900000001", "李师傅", ExampleArea, 30.2741, 120.1305, "09:00", "19:00", 3, true,
        new DateTime(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc));

    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/recycling/collectors").WithTags("Recycling admin").RequireAuthorization(Permissions.RecyclingManage);
        admin.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("/", List).WithName("ListCollectors").WithSummary("Every collector profile").WithResponseExample(new[] { Example });
        admin.MapPost("/", Create).WithName("CreateCollector")
            .WithSummary("Give a user with the collector role a profile: area (GeoJSON Polygon in GCJ-02: closed rings, at most 1,000 positions, not " +
                "self-intersecting; 422 names the path, e.g. area.coordinates[0]), base point (GCJ-02), hours (HH:mm China time), places per slot; 409 collector_exists")
            .Validate<NewCollector>().ProducesProblem(StatusCodes.Status409Conflict).WithRequestExample(ExampleRequest)
            .WithResponseExample(Example, StatusCodes.Status201Created);
        admin.MapPut("/{userId:long}", Update).WithName("UpdateCollector")
            .WithSummary("Change a collector's profile (active: false stops new dispatches; tasks already assigned stay)")
            .Validate<CollectorProfile>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithRequestExample(new CollectorProfile("李师傅", ExampleArea, 30.2741, 120.1305, "08:00", "20:00", 4)).WithResponseExample(Example);
    }

    public static async Task<Ok<List<CollectorView>>> List(CollectorRoster collectors, CancellationToken ct) =>
        TypedResults.Ok((await collectors.ListAsync(ct)).Select(CollectorView.From).ToList());

    public static async Task<Results<Created<CollectorView>, ProblemHttpResult>> Create(NewCollector request, CollectorRoster collectors, CancellationToken ct)
    {
        var created = await collectors.CreateAsync(request, ct);
        return created.IsSuccess
            ? TypedResults.Created($"/api/v1/admin/recycling/collectors/{created.Value.UserId}", CollectorView.From(created.Value))
            : created.Error.ToProblem();
    }

    public static async Task<Results<Ok<CollectorView>, ProblemHttpResult>> Update(long userId, CollectorProfile request, CollectorRoster collectors,
        CancellationToken ct) =>
        (await collectors.UpdateAsync(userId, request, ct)).ToOk(CollectorView.From);
}
