using System.Net;
using System.Net.Http.Json;
using Circula.Identity.Contracts;
using Circula.Shared;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Recycling;

public sealed record FreeSlotDto(DateTime Start, DateTime End, int Free);

public sealed record SlotsDto(string AreaId, string AreaName, DateOnly Date, List<FreeSlotDto> Slots);

public sealed record PickupAddressDto(string Province, string City, string District, string Detail, double Latitude, double Longitude);

public sealed record ContactDto(string Name, string Phone, PickupAddressDto Address);

public sealed record AppointmentDto(string Id, string Status, string QuoteId, long CategoryId, int RuleVersion, long QuotedFen, string AreaId,
    DateTime SlotStart, DateTime SlotEnd, ContactDto Contact, DateTime CreatedAt, string? CollectorId = null, long? FinalFen = null, string? PriceAcceptance = null,
    string? Cancellation = null, string? CancelReason = null, List<WeighingPhotoDto>? WeighingPhotos = null);

public sealed record WeighingPhotoDto(string Id, string Url, string ThumbnailUrl);

public sealed record AreaDto(string Id, string Name, int SlotMinutes, int SlotCapacity, string Opens, string Closes);

/// <summary>A square test area of its own, far from the demo areas and from every other test's, so tests never share slots.</summary>
public sealed record TestArea(string Id, double Latitude, double Longitude)
{
    /// <summary>A point inside the area, <paramref name="east"/> and <paramref name="north"/> degrees from its centre (±0.005 is the border).</summary>
    public object Address(double east = 0, double north = 0) => new
    {
        province = "浙江省", city = "杭州市", district = "西湖区", detail = "文三路 90 号 1 幢 302", latitude = Latitude + north, longitude = Longitude + east,
    };
}

public static class RecyclingTestApi
{
    private static int _areas;

    public static object Square(double latitude, double longitude, double half = 0.005) => new
    {
        type = "Polygon",
        coordinates = new[]
        {
            new[]
            {
                new[] { longitude - half, latitude - half }, new[] { longitude + half, latitude - half }, new[] { longitude + half, latitude + half },
                new[] { longitude - half, latitude + half }, new[] { longitude - half, latitude - half },
            },
        },
    };

    /// <summary>A new square area 0.01° wide, somewhere in Gansu where no other test's or demo area is.</summary>
    public static async Task<TestArea> CreateAreaAsync(this CirculaServer server, int capacity, int slotMinutes = 120, string opens = "09:00", string closes = "19:00")
    {
        var n = Interlocked.Increment(ref _areas);
        var (latitude, longitude) = (36 + n % 100 * 0.02, 100 + n / 100 * 0.02);
        using var admin = await server.AdminClientAsync();
        var area = await (await admin.PostAsJsonAsync("/api/v1/admin/recycling/areas",
            new { name = $"测试区{n}", boundary = Square(latitude, longitude), slotMinutes, slotCapacity = capacity, opens, closes })).ReadAs<AreaDto>(HttpStatusCode.Created);
        return new TestArea(area.Id, latitude, longitude);
    }

    /// <summary>09:00 China time, <paramref name="days"/> China days after today by the server's clock.</summary>
    public static DateTime NineAm(this CirculaServer server, int days = 2) =>
        ChinaCalendar.StartUtc(ChinaCalendar.DayOf(server.Clock.GetUtcNow().UtcDateTime).AddDays(days)).AddHours(9);

    public static async Task<long> CardboardAsync(this HttpClient client) =>
        (await (await client.GetAsync("/api/v1/recycling/categories")).ReadAs<List<RecyclingCategoryDto>>()).Single(c => c.Path == "废纸/纸箱").Id;

    /// <summary>Books 5 kg of cardboard quoted on the spot.</summary>
    public static Task<HttpResponseMessage> BookAsync(this HttpClient client, long cardboard, TestArea area, DateTime slotStart, double east = 0) =>
        client.PostAsJsonAsync("/api/v1/recycling/appointments", new
        {
            categoryId = cardboard, items = new[] { new { quantity = 5, attributes = new { wet = false } } }, address = area.Address(east),
            contactName = "王小明", contactPhone = "13812345678", slotStart,
        });

    public static async Task<List<SignedInUser>> CustomersAsync(this CirculaServer server, int count)
    {
        var customers = new List<SignedInUser>();
        for (var i = 0; i < count; i++)
        {
            customers.Add(await server.CreateUserAsync(Roles.Customer));
        }

        return customers;
    }

    /// <summary>Exactly <paramref name="booked"/> of the parallel bookings succeeded; every other one found the slot full.</summary>
    public static async Task ShouldHaveBookedExactly(this List<HttpResponseMessage> responses, int booked)
    {
        Assert.Equal(booked, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.ShouldBeProblem(HttpStatusCode.Conflict, "slot_full");
        }
    }
}
