using Circula.Recycling.Areas;
using Circula.Recycling.Contracts;
using Circula.Recycling.Quotes;
using Circula.Shared;

namespace Circula.Recycling.Appointments;

/// <summary>
/// A booked pickup: a quote (whose rule version prices the weighing), a slot of the area serving the address, and the
/// encrypted contact. One appointment per quote.
/// </summary>
public sealed class Appointment
{
    private Appointment()
    {
    }

    public long Id { get; private init; }

    public long UserId { get; private init; }

    public long AreaId { get; private init; }

    public long QuoteId { get; private init; }

    public long CategoryId { get; private init; }

    public int RuleVersion { get; private init; }

    public long QuotedFen { get; private init; }

    /// <summary>The <see cref="PickupContact"/>, encrypted.</summary>
    public string Contact { get; private init; } = "";

    public double Latitude { get; private init; }

    public double Longitude { get; private init; }

    public DateTime SlotStart { get; private init; }

    public DateTime SlotEnd { get; private init; }

    public AppointmentStatus Status { get; private set; } = AppointmentStatus.Pending;

    public int Version { get; private set; } = 1;

    public DateTime CreatedAt { get; private init; }

    public DateTime UpdatedAt { get; private set; }

    public static Appointment Book(long id, RecyclingQuote quote, ServiceArea area, PickupSlot slot, PickupContact contact, PiiProtector pii, DateTime now) => new()
    {
        Id = id,
        UserId = quote.UserId,
        AreaId = area.Id,
        QuoteId = quote.Id,
        CategoryId = quote.CategoryId,
        RuleVersion = quote.RuleVersion,
        QuotedFen = quote.TotalFen,
        Contact = contact.Encrypt(pii),
        Latitude = contact.Address.Latitude!.Value,
        Longitude = contact.Address.Longitude!.Value,
        SlotStart = slot.Start,
        SlotEnd = slot.End,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
