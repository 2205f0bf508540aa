using System.Net;
using System.Net.Http.Json;
using Circula.Identity.Contracts;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Recycling;

public sealed record StepDto(string From, string To, string Trigger, string Actor, string? ActorUserId, string? Reason, DateTime At);

public sealed record ConfirmationDto(string MchId, string AppId, string Package);

public sealed record PayoutDto(string Provider, long AmountFen, string Status, string? Reference, string? AppointmentId = null, string? RefusedReason = null,
    ConfirmationDto? Confirmation = null);

public sealed record ChannelOrderDto(string Channel, string ExternalId, string Status, long? FinalFen);

public sealed record ChannelAttemptDto(string Channel, string Outcome, string Detail);

public sealed record BreakdownDto(string Unit, List<QuotedItemDto> Items, long TotalFen);

public sealed record AppointmentDetailDto(AppointmentDto Appointment, BreakdownDto Quoted, List<StepDto> History, PayoutDto? Payout, List<string> AllowedActions,
    ChannelOrderDto? ChannelOrder, List<ChannelAttemptDto> ChannelAttempts);

public sealed record LedgerEntryDto(string AppointmentId, string Reason, long AmountFen);

public sealed record BalanceDto(long BalanceFen, List<LedgerEntryDto> Entries);

/// <summary>A collector with a profile, signed in.</summary>
public sealed record TestCollector(SignedInUser User)
{
    public HttpClient Client => User.Client;

    public string Id => User.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public static class LifecycleTestApi
{
    /// <summary>A collector whose area is a square of <paramref name="half"/>° around the test area's centre shifted by east/north, with a base there too.</summary>
    public static async Task<TestCollector> CreateCollectorAsync(this CirculaServer server, TestArea area, int capacity = 3, double east = 0, double north = 0,
        double baseEast = 0, double baseNorth = 0, double half = 0.005, string opens = "09:00", string closes = "19:00")
    {
        var user = await server.CreateUserAsync(Roles.Collector);
        using var admin = await server.AdminClientAsync();
        await (await admin.PostAsJsonAsync("/api/v1/admin/recycling/collectors", new
        {
            userId = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), name = "测试师傅", area = RecyclingTestApi.Square(area.Latitude + north, area.Longitude + east, half),
            baseLatitude = area.Latitude + baseNorth, baseLongitude = area.Longitude + baseEast, opens, closes, slotCapacity = capacity,
        })).ShouldBe(HttpStatusCode.Created);
        return new TestCollector(user);
    }

    public static async Task<AppointmentDto> BookedAsync(this SignedInUser customer, TestArea area, DateTime slot, double east = 0) =>
        await (await customer.Client.BookAsync(await customer.Client.CardboardAsync(), area, slot, east)).ReadAs<AppointmentDto>(HttpStatusCode.Created);

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, object? body = null) =>
        client.PostAsJsonAsync(path, body ?? new { });

    public static Task<HttpResponseMessage> ConfirmAsync(this HttpClient admin, AppointmentDto a) => admin.PostAsync($"/api/v1/admin/recycling/appointments/{a.Id}/confirm");

    public static Task<HttpResponseMessage> TaskAsync(this TestCollector collector, AppointmentDto a, string step, object? body = null) =>
        collector.Client.PostAsync($"/api/v1/recycling/collector/tasks/{a.Id}/{step}", body);

    /// <summary>Weighs <paramref name="kilograms"/> of dry cardboard (140 fen a kg).</summary>
    public static Task<HttpResponseMessage> WeighAsync(this TestCollector collector, AppointmentDto a, decimal kilograms) =>
        collector.TaskAsync(a, "weigh", new { items = new[] { new { quantity = kilograms, attributes = new { wet = false } } } });

    /// <summary>A pickup of <paramref name="customer"/>'s in a new area, confirmed and so dispatched to that area's one collector.</summary>
    public static async Task<(TestArea Area, TestCollector Collector, AppointmentDto Booked)> AssignedPickupAsync(this CirculaServer server, SignedInUser customer)
    {
        var area = await server.CreateAreaAsync(capacity: 3);
        var collector = await server.CreateCollectorAsync(area);
        var booked = await customer.BookedAsync(area, server.NineAm());
        using var admin = await server.AdminClientAsync();
        await (await admin.ConfirmAsync(booked)).ShouldBe(HttpStatusCode.OK);
        return (area, collector, booked);
    }

    /// <summary>The same pickup on its way and weighed: <paramref name="kilograms"/> of dry cardboard at 140 fen a kg (5.3 kg: 742 fen, close to the quote).</summary>
    public static async Task<(TestCollector Collector, AppointmentDto Booked)> WeighedPickupAsync(this CirculaServer server, SignedInUser customer,
        decimal kilograms = 5.3m)
    {
        var (_, collector, booked) = await server.AssignedPickupAsync(customer);
        await (await collector.TaskAsync(booked, "start")).ShouldBe(HttpStatusCode.OK);
        await (await collector.WeighAsync(booked, kilograms)).ShouldBe(HttpStatusCode.OK);
        return (collector, booked);
    }

    public static async Task<AppointmentDetailDto> DetailAsync(this CirculaServer server, AppointmentDto a)
    {
        using var admin = await server.AdminClientAsync();
        return await (await admin.GetAsync($"/api/v1/admin/recycling/appointments/{a.Id}")).ReadAs<AppointmentDetailDto>();
    }
}
