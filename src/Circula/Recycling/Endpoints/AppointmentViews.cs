using System.Globalization;
using System.Text.Json;
using Circula.Recycling.Appointments;
using Circula.Recycling.Areas;
using Circula.Recycling.Pricing;
using Circula.Shared;

namespace Circula.Recycling.Endpoints;

/// <summary>
/// An appointment: the contact is masked (138****5678) as everywhere the API shows one, except to the collector who has
/// the pickup. <see cref="FinalFen"/> is the weighed price; <see cref="PriceAcceptance"/> is awaiting while the customer
/// must accept it; <see cref="Cancellation"/> says who cancelled, or no_show, or price_rejected; <see cref="WeighingPhotos"/> are
/// the collector's photos of the weighed items (URLs are paths on this server).
/// </summary>
public sealed record AppointmentView(string Id, string Status, string QuoteId, long CategoryId, int RuleVersion, long QuotedFen, string AreaId,
    DateTime SlotStart, DateTime SlotEnd, PickupContact Contact, DateTime CreatedAt, string? CollectorId = null, long? FinalFen = null,
    QuoteBreakdown? WeighedItems = null, string? PriceAcceptance = null, string? Cancellation = null, string? CancelReason = null, DateTime? UpdatedAt = null,
    IReadOnlyList<WeighingPhoto>? WeighingPhotos = null)
{
    public static readonly AppointmentView Example = new("7212345678901234999", "pending", "7212345678901234567", 42, 1, 9000, "1",
        new DateTime(2026, 5, 2, 1, 0, 0, DateTimeKind.Utc), new DateTime(2026, 5, 2, 3, 0, 0, DateTimeKind.Utc),
        new PickupContact("王**", "138****5678", new PickupAddress("浙江省", "杭州市", "西湖区", "文三****", 30.2741, 120.1305)),
        new DateTime(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc), UpdatedAt: new DateTime(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc));

    /// <summary>The same appointment weighed, its price waiting for the customer.</summary>
    public static readonly AppointmentView WeighedExample = Example with
    {
        Status = "weighed", CollectorId = "7212345678900000001", FinalFen = 7000, PriceAcceptance = "awaiting",
        WeighedItems = new QuoteBreakdown("kg", [new QuotedItem(50m, new Dictionary<string, object> { ["wet"] = false }, 140, [], null, 140, 7000)], 7000),
        WeighingPhotos = [new WeighingPhoto("7214567890123456789", "/uploads/3f6c0a9e8b2d4c1f9a7e5d3b1c0f2e4a.jpg", "/uploads/9b1d3f5a7c9e0b2d4f6a8c0e1b3d5f7a.jpg")],
    };

    public static AppointmentView From(Appointment a, PiiProtector pii, bool fullContact = false)
    {
        var contact = PickupContact.Decrypt(pii, a.Contact);
        return new(Text(a.Id), Snake(a.Status), Text(a.QuoteId), a.CategoryId, a.RuleVersion, a.QuotedFen,
            Text(a.AreaId), a.SlotStart, a.SlotEnd, fullContact ? contact : contact.Masked(), a.CreatedAt, a.CollectorId is { } c ? Text(c) : null, a.FinalFen,
            a.WeighedItems is null ? null : JsonSerializer.Deserialize<QuoteBreakdown>(a.WeighedItems, JsonSerializerOptions.Web),
            a.PriceAcceptance is { } acceptance ? Snake(acceptance) : null, a.Cancellation, a.CancelReason, a.UpdatedAt,
            a.WeighingPhotos is null ? null : JsonSerializer.Deserialize<List<WeighingPhoto>>(a.WeighingPhotos, JsonSerializerOptions.Web));
    }

    public static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static string Snake<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}

/// <summary>A service area as operators manage it: its boundary (GeoJSON Polygon, GCJ-02), slots and hours (China time).</summary>
public sealed record ServiceAreaView(string Id, string Name, JsonElement Boundary, int SlotMinutes, int SlotCapacity, string Opens, string Closes, DateTime CreatedAt)
{
    public static ServiceAreaView From(ServiceArea a) =>
        new(AppointmentView.Text(a.Id), a.Name, JsonDocument.Parse(a.Boundary).RootElement, a.SlotMinutes, a.SlotCapacity, Time(a.OpensMinute), Time(a.ClosesMinute), a.CreatedAt);

    public static string Time(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";
}

/// <summary>An area's slots of a day with the places booked of each slot's capacity.</summary>
public sealed record AreaFillView(string AreaId, string AreaName, IReadOnlyList<SlotFill> Slots)
{
    public static AreaFillView From(AreaFill f) => new(AppointmentView.Text(f.AreaId), f.AreaName, f.Slots);
}

/// <summary>The free slots of the area serving an address on a day: start and end in UTC, places left.</summary>
public sealed record SlotsView(string AreaId, string AreaName, DateOnly Date, IReadOnlyList<FreeSlot> Slots)
{
    public static readonly SlotsView Example = new("1", "西湖区", new DateOnly(2026, 5, 2),
        [new FreeSlot(new DateTime(2026, 5, 2, 1, 0, 0, DateTimeKind.Utc), new DateTime(2026, 5, 2, 3, 0, 0, DateTimeKind.Utc), 7)]);

    public static SlotsView From(AreaSlots s) => new(AppointmentView.Text(s.AreaId), s.AreaName, s.Date, s.Slots);
}
