using System.Net;
using System.Net.Http.Json;
using Circula.Identity.Contracts;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Recycling;

public sealed record CollectorDto(string UserId, string Name, double BaseLatitude, double BaseLongitude, string Opens, string Closes, int SlotCapacity, bool Active);

/// <summary>Collector profiles over HTTP and dispatch on confirmation: nearest first, full → the next one, nobody → stays confirmed, operator override.</summary>
public abstract class CollectorDispatchTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task Confirming_dispatches_to_the_nearest_collector_with_room_and_then_to_the_next()
    {
        var area = await server.CreateAreaAsync(capacity: 5);
        var far = await server.CreateCollectorAsync(area, capacity: 1, baseEast: 0.004);
        var near = await server.CreateCollectorAsync(area, capacity: 1, baseEast: -0.001);
        await server.CreateCollectorAsync(area, capacity: 5, east: 0.02);
        var customer = await server.CreateUserAsync(Roles.Customer);
        using var admin = await server.AdminClientAsync();
        var assigned = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            var booked = await customer.BookedAsync(area, server.NineAm());
            assigned.Add((await (await admin.ConfirmAsync(booked)).ReadAs<AppointmentDto>()) is var a && a.Status == "assigned" ? a.CollectorId : a.Status);
        }

        Assert.Equal([near.Id, far.Id, "confirmed"], assigned);
    }

    [Fact]
    public async Task An_operator_assigns_a_named_collector_only_one_who_can_take_the_pickup()
    {
        var area = await server.CreateAreaAsync(capacity: 5);
        var outside = await server.CreateCollectorAsync(area, east: 0.02);
        var offDuty = await server.CreateCollectorAsync(area, opens: "13:00");
        var full = await server.CreateCollectorAsync(area, capacity: 1, baseEast: -0.001);
        var spare = await server.CreateCollectorAsync(area, capacity: 2, baseEast: 0.004);
        var customer = await server.CreateUserAsync(Roles.Customer);
        using var admin = await server.AdminClientAsync();
        var first = await customer.BookedAsync(area, server.NineAm());
        Assert.Equal(full.Id, (await (await admin.ConfirmAsync(first)).ReadAs<AppointmentDto>()).CollectorId);
        var second = await customer.BookedAsync(area, server.NineAm());
        Assert.Equal(spare.Id, (await (await admin.ConfirmAsync(second)).ReadAs<AppointmentDto>()).CollectorId);
        string Assign(AppointmentDto a) => $"/api/v1/admin/recycling/appointments/{a.Id}/assign";

        foreach (var unable in new[] { outside, offDuty })
        {
            var problem = await (await admin.PostAsync(Assign(second), new { collectorId = unable.Id }))
                .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "collector_unavailable");
            Assert.Equal(["collectorId"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        }

        await (await admin.PostAsync(Assign(second), new { collectorId = full.Id })).ShouldBeProblem(HttpStatusCode.Conflict, "collector_full");
        await (await admin.PostAsync(Assign(second), new { collectorId = spare.Id })).ShouldBeProblem(HttpStatusCode.Conflict, "already_assigned");
        await (await admin.PostAsync(Assign(second), new { collectorId = "x" })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await admin.PostAsync(Assign(second), new { collectorId = customer.Id.ToString() })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");

        // Moving the first pickup to the spare collector frees the full one's place, which the second can then take.
        Assert.Equal(spare.Id, (await (await admin.PostAsync(Assign(first), new { collectorId = spare.Id })).ReadAs<AppointmentDto>()).CollectorId);
        Assert.Equal(full.Id, (await (await admin.PostAsync(Assign(second), new { collectorId = full.Id })).ReadAs<AppointmentDto>()).CollectorId);
        Assert.Equal("reassign", (await server.DetailAsync(second)).History[^1].Trigger);
        await (await admin.PostAsync("/api/v1/admin/recycling/appointments/1/assign", new { collectorId = spare.Id })).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Collector_profiles_are_validated_like_service_areas_and_belong_to_collectors()
    {
        using var admin = await server.AdminClientAsync();
        var user = await server.CreateUserAsync(Roles.Collector);
        var customer = await server.CreateUserAsync(Roles.Customer);
        object Body(string userId, object area, string opens = "09:00") =>
            new { userId, name = "李师傅", area, baseLatitude = 36.5, baseLongitude = 101.5, opens, closes = "18:00", slotCapacity = 2 };
        var square = RecyclingTestApi.Square(36.5, 101.5);

        var open = new { type = "Polygon", coordinates = new[] { new[] { new[] { 101.0, 36.0 }, new[] { 102.0, 36.0 }, new[] { 102.0, 37.0 }, new[] { 101.0, 37.5 } } } };
        var bad = await (await admin.PostAsJsonAsync("/api/v1/admin/recycling/collectors", Body(user.Id.ToString(), open, opens: "9h")))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["area.coordinates[0]", "opens"], bad.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var bowtie = new { type = "Polygon", coordinates = new[] { new[] { new[] { 101.0, 36.0 }, new[] { 102.0, 37.0 }, new[] { 102.0, 36.0 }, new[] { 101.0, 37.0 }, new[] { 101.0, 36.0 } } } };
        var crossing = await (await admin.PostAsJsonAsync("/api/v1/admin/recycling/collectors", Body(user.Id.ToString(), bowtie)))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["area.coordinates"], crossing.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        var notCollector = await (await admin.PostAsJsonAsync("/api/v1/admin/recycling/collectors", Body(customer.Id.ToString(), square)))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["userId"], notCollector.GetProperty("errors").EnumerateObject().Select(p => p.Name));

        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/recycling/collectors", Body(user.Id.ToString(), square))).ReadAs<CollectorDto>(HttpStatusCode.Created);
        Assert.Equal((user.Id.ToString(), "09:00", 2, true), (created.UserId, created.Opens, created.SlotCapacity, created.Active));
        await (await admin.PostAsJsonAsync("/api/v1/admin/recycling/collectors", Body(user.Id.ToString(), square))).ShouldBeProblem(HttpStatusCode.Conflict, "collector_exists");
        var updated = await (await admin.PutAsJsonAsync($"/api/v1/admin/recycling/collectors/{user.Id}",
            new { name = "李师傅", area = square, baseLatitude = 36.5, baseLongitude = 101.5, opens = "08:00", closes = "20:00", slotCapacity = 4, active = false }))
            .ReadAs<CollectorDto>();
        Assert.Equal(("08:00", 4, false), (updated.Opens, updated.SlotCapacity, updated.Active));
        await (await admin.PutAsJsonAsync("/api/v1/admin/recycling/collectors/1", Body("1", square))).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Contains((await (await admin.GetAsync("/api/v1/admin/recycling/collectors")).ReadAs<List<CollectorDto>>()), c => c.UserId == created.UserId);
        await (await user.Client.GetAsync("/api/v1/admin/recycling/collectors")).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
    }
}

public sealed class CollectorDispatchTestsOnSqlite(SqliteServer server) : CollectorDispatchTests<SqliteServer>(server);

public sealed class CollectorDispatchTestsOnPostgres(PostgresServer server) : CollectorDispatchTests<PostgresServer>(server);
