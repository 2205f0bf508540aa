using System.Globalization;
using System.Text.Json;
using Circula.Recycling.Appointments;
using Circula.Recycling.Areas;
using Circula.Shared;

namespace Circula.Recycling.Endpoints;

/// <summary>An appointment as its customer sees it; the contact is masked (138****5678) as everywhere the API shows one.</summary>
public sealed record AppointmentView(string Id, string Status, string QuoteId, long CategoryId, int RuleVersion, long QuotedFen, string AreaId,
    DateTime SlotStart, DateTime SlotEnd, PickupContact Contact, DateTime CreatedAt)
{
    public static readonly AppointmentView Example = new("7212345678901234999", "pending", "7212345678901234567", 42, 1, 9000, "1",
        new DateTime(2026, 5, 2, 1, 0, 0, DateTimeKind.Utc), new DateTime(2026, 5, 2, 3, 0, 0, DateTimeKind.Utc),
        new PickupContact("王**", "138****5678", new PickupAddress("浙江省", "杭州市", "西湖区", "文三****", 30.2741, 120.1305)),
        new DateTime(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc));

    public static AppointmentView From(Appointment a, PiiProtector pii) =>
        new(Text(a.Id), JsonNamingPolicy.SnakeCaseLower.ConvertName(a.Status.ToString()), Text(a.QuoteId), a.CategoryId, a.RuleVersion, a.QuotedFen,
            Text(a.AreaId), a.SlotStart, a.SlotEnd, PickupContact.Decrypt(pii, a.Contact).Masked(), a.CreatedAt);

    public static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A service area as operators manage it: its boundary (GeoJSON Polygon, GCJ-02), slots and hours (China time).</summary>
public sealed record ServiceAreaView(string Id, string Name, JsonElement Boundary, int SlotMinutes, int SlotCapacity, string Opens, string Closes, DateTime CreatedAt)
{
    public static ServiceAreaView From(ServiceArea a) =>
        new(AppointmentView.Text(a.Id), a.Name, JsonDocument.Parse(a.Boundary).RootElement, a.SlotMinutes, a.SlotCapacity, Time(a.OpensMinute), Time(a.ClosesMinute), a.CreatedAt);

    private static string Time(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";
}

/// <summary>The free slots of the area serving an address on a day: start and end in UTC, places left.</summary>
public sealed record SlotsView(string AreaId, string AreaName, DateOnly Date, IReadOnlyList<FreeSlot> Slots)
{
    public static readonly SlotsView Example = new("1", "西湖区", new DateOnly(2026, 5, 2),
        [new FreeSlot(new DateTime(2026, 5, 2, 1, 0, 0, DateTimeKind.Utc), new DateTime(2026, 5, 2, 3, 0, 0, DateTimeKind.Utc), 7)]);

    public static SlotsView From(AreaSlots s) => new(AppointmentView.Text(s.AreaId), s.AreaName, s.Date, s.Slots);
}
