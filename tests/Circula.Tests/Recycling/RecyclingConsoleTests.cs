using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Circula.Identity.Contracts;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Recycling;

public sealed record SlotFillDto(DateTime Start, DateTime End, int Capacity, int Booked);

public sealed record AreaFillDto(string AreaId, string AreaName, List<SlotFillDto> Slots);

/// <summary>
/// What the admin console reads and changes besides the lifecycle: a day's appointments by area and collector, each
/// area's slot fill, the actions an operator may take, the collectors who could take a pickup, and redrawing an area.
/// </summary>
public abstract class RecyclingConsoleTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private static string Day(DateTime slot) => Circula.Shared.ChinaCalendar.DayOf(slot).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<AreaFillDto> FillAsync(HttpClient admin, TestArea area, DateTime slot) =>
        (await (await admin.GetAsync($"/api/v1/admin/recycling/areas/slots?date={Day(slot)}")).ReadAs<List<AreaFillDto>>()).Single(a => a.AreaId == area.Id);

    private static object AreaBody(object boundary, int capacity, string name = "改过的区") =>
        new { name, boundary, slotMinutes = 120, slotCapacity = capacity, opens = "09:00", closes = "19:00" };

    [Fact]
    public async Task A_day_lists_by_area_and_collector_and_each_area_shows_its_slot_fill()
    {
        var area = await server.CreateAreaAsync(capacity: 3);
        var collector = await server.CreateCollectorAsync(area);
        var customer = await server.CreateUserAsync(Roles.Customer);
        using var admin = await server.AdminClientAsync();
        var nine = server.NineAm();
        var first = await customer.BookedAsync(area, nine);
        var second = await customer.BookedAsync(area, nine);
        await customer.BookedAsync(area, nine.AddHours(2));
        Assert.Equal(collector.Id, (await (await admin.ConfirmAsync(first)).ReadAs<AppointmentDto>()).CollectorId);

        var list = $"/api/v1/admin/recycling/appointments?date={Day(nine)}";
        Assert.Equal(3, (await (await admin.GetAsync($"{list}&areaId={area.Id}")).ReadAs<List<AppointmentDto>>()).Count);
        Assert.Equal([first.Id], (await (await admin.GetAsync($"{list}&collectorId={collector.Id}")).ReadAs<List<AppointmentDto>>()).Select(a => a.Id));
        var problem = await (await admin.GetAsync($"{list}&areaId=x&collectorId=-1")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["areaId", "collectorId"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());

        var fill = await FillAsync(admin, area, nine);
        Assert.Equal(5, fill.Slots.Count);
        Assert.Equal([(nine, 3, 2), (nine.AddHours(2), 3, 1), (nine.AddHours(4), 3, 0)], fill.Slots.Take(3).Select(s => (s.Start, s.Capacity, s.Booked)));
        await (await admin.PostAsync($"/api/v1/admin/recycling/appointments/{second.Id}/cancel", new { reason = "客户改期" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, (await FillAsync(admin, area, nine)).Slots[0].Booked);
        await (await admin.GetAsync("/api/v1/admin/recycling/areas/slots")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var customerCall = await customer.Client.GetAsync($"/api/v1/admin/recycling/areas/slots?date={Day(nine)}");
        await customerCall.ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task The_detail_shows_the_quoted_items_what_an_operator_may_do_and_who_could_take_the_pickup()
    {
        var area = await server.CreateAreaAsync(capacity: 5);
        var far = await server.CreateCollectorAsync(area, baseEast: 0.004);
        var near = await server.CreateCollectorAsync(area, baseEast: -0.001);
        await server.CreateCollectorAsync(area, east: 0.02);
        await server.CreateCollectorAsync(area, opens: "13:00");
        var customer = await server.CreateUserAsync(Roles.Customer);
        using var admin = await server.AdminClientAsync();
        var booked = await customer.BookedAsync(area, server.NineAm());

        var detail = await server.DetailAsync(booked);
        Assert.Equal(["confirm", "cancel"], detail.AllowedActions);
        Assert.Equal((booked.QuotedFen, 5m), (detail.Quoted.TotalFen, detail.Quoted.Items.Single().Quantity));
        var candidates = await (await admin.GetAsync($"/api/v1/admin/recycling/appointments/{booked.Id}/candidates")).ReadAs<List<CollectorDto>>();
        Assert.Equal([near.Id, far.Id], candidates.Select(c => c.UserId));
        await admin.ConfirmAsync(booked);
        Assert.Equal(["reassign", "cancel"], (await server.DetailAsync(booked)).AllowedActions);
        await (await admin.PostAsync($"/api/v1/admin/recycling/appointments/{booked.Id}/cancel", new { reason = "暴雨" })).ShouldBe(HttpStatusCode.OK);
        Assert.Empty((await server.DetailAsync(booked)).AllowedActions);
        await (await admin.GetAsync("/api/v1/admin/recycling/appointments/1/candidates")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Redrawing_an_area_is_checked_like_adding_one_and_its_new_capacity_holds_for_coming_slots()
    {
        var area = await server.CreateAreaAsync(capacity: 3);
        var customer = await server.CreateUserAsync(Roles.Customer);
        using var admin = await server.AdminClientAsync();
        var nine = server.NineAm();
        await customer.BookedAsync(area, nine);
        var path = $"/api/v1/admin/recycling/areas/{area.Id}";
        var square = RecyclingTestApi.Square(area.Latitude, area.Longitude);

        var saved = await (await admin.PutAsJsonAsync(path, AreaBody(square, capacity: 1))).ReadAs<AreaDto>();
        Assert.Equal(("改过的区", 1), (saved.Name, saved.SlotCapacity));
        Assert.Equal((1, 1), (await FillAsync(admin, area, nine)).Slots[0] is var slot ? (slot.Capacity, slot.Booked) : default);
        await (await customer.Client.BookAsync(await customer.Client.CardboardAsync(), area, nine)).ShouldBeProblem(HttpStatusCode.Conflict, "slot_full");

        var open = new { type = "Polygon", coordinates = new[] { new[] { new[] { 100.0, 36 }, new[] { 100.1, 36 }, new[] { 100.1, 36.1 }, new[] { 100, 36.1 } } } };
        var problem = await (await admin.PutAsJsonAsync(path, AreaBody(open, 1))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["boundary.coordinates[0]"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        await (await admin.PutAsJsonAsync("/api/v1/admin/recycling/areas/999999999", AreaBody(square, 1))).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await customer.Client.PutAsJsonAsync(path, AreaBody(square, 1))).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Parallel_redraws_of_one_area_all_succeed_and_one_of_them_is_what_stays()
    {
        var area = await server.CreateAreaAsync(capacity: 3);
        using var admin = await server.AdminClientAsync();
        var square = RecyclingTestApi.Square(area.Latitude, area.Longitude);
        var names = Enumerable.Range(1, 8).Select(i => $"并发区{i}").ToList();
        var responses = await Task.WhenAll(names.Select((name, i) => admin.PutAsJsonAsync($"/api/v1/admin/recycling/areas/{area.Id}", AreaBody(square, i + 1, name))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var stored = (await (await admin.GetAsync("/api/v1/admin/recycling/areas")).ReadAs<List<AreaDto>>()).Single(a => a.Id == area.Id);
        Assert.Equal(names.IndexOf(stored.Name) + 1, stored.SlotCapacity);
    }
}

public sealed class RecyclingConsoleTestsOnSqlite(SqliteServer server) : RecyclingConsoleTests<SqliteServer>(server);

public sealed class RecyclingConsoleTestsOnPostgres(PostgresServer server) : RecyclingConsoleTests<PostgresServer>(server);
