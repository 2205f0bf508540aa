using Circula.Recycling.Areas;
using Circula.Recycling.Contracts;
using Circula.Recycling.Quotes;
using Circula.Recycling.Pricing;
using Circula.Shared;
using Circula.Shared.StateMachines;

namespace Circula.Recycling.Appointments;

/// <summary>
/// A booked pickup: a quote (whose rule version prices the weighing), a slot of the area serving the address, and the
/// encrypted contact. One appointment per quote. Its status and the times it records move only through
/// <see cref="AppointmentStateMachine"/> (see <see cref="AppointmentTransitions"/>).
/// </summary>
public sealed class Appointment : IStateMachineSubject<AppointmentStatus>
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

    /// <summary>Optimistic concurrency: two transitions of one appointment can never both win.</summary>
    public int Version { get; private set; } = 1;

    /// <summary>The user id of the collector who has the pickup, from assignment on.</summary>
    public long? CollectorId { get; private set; }

    /// <summary>The price of the weighed items by the quote's rule version.</summary>
    public long? FinalFen { get; private set; }

    /// <summary>The weighed items as priced (a <see cref="QuoteBreakdown"/> as JSON).</summary>
    public string? WeighedItems { get; private set; }

    /// <summary>The collector's photos of the weighed items (a list of <see cref="WeighingPhoto"/> as JSON); null before weighing or without photos.</summary>
    public string? WeighingPhotos { get; private set; }

    /// <summary>Whether the customer must accept the weighed price before completion; null before weighing.</summary>
    public PriceAcceptance? PriceAcceptance { get; private set; }

    public DateTime? ConfirmedAt { get; private set; }

    public DateTime? AssignedAt { get; private set; }

    public DateTime? OnTheWayAt { get; private set; }

    public DateTime? WeighedAt { get; private set; }

    public DateTime? CompletedAt { get; private set; }

    public DateTime? CancelledAt { get; private set; }

    public string? CancelReason { get; private set; }

    /// <summary>How it was cancelled: by whom (customer, operator, collector), or no_show, or price_rejected.</summary>
    public string? Cancellation { get; private set; }

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

    /// <summary>Gives the pickup to a collector; only while it is being assigned (Confirmed, or Assigned for a reassignment).</summary>
    public void AssignTo(long collectorUserId)
    {
        if (Status is not (AppointmentStatus.Confirmed or AppointmentStatus.Assigned))
        {
            throw new InvalidOperationException($"Appointment {Id} is {Status}; a collector is assigned only to a confirmed or assigned one.");
        }

        CollectorId = collectorUserId;
    }

    /// <summary>
    /// Records what the collector weighed, priced by the quote's rule version; the customer must accept the price when it
    /// differs from the quote by more than <paramref name="toleranceBasisPoints"/> of it. Only while on the way.
    /// </summary>
    public void RecordWeighing(QuoteBreakdown weighed, int toleranceBasisPoints, IReadOnlyList<WeighingPhoto> photos)
    {
        if (Status != AppointmentStatus.OnTheWay)
        {
            throw new InvalidOperationException($"Appointment {Id} is {Status}; items are weighed only on site.");
        }

        FinalFen = weighed.TotalFen;
        WeighedItems = System.Text.Json.JsonSerializer.Serialize(weighed, PricingJson.Options);
        WeighingPhotos = photos.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(photos, System.Text.Json.JsonSerializerOptions.Web);
        var difference = Math.Abs(weighed.TotalFen - QuotedFen);
        PriceAcceptance = difference * 10_000 > (long)toleranceBasisPoints * QuotedFen || (QuotedFen == 0 && difference > 0)
            ? Appointments.PriceAcceptance.Awaiting
            : Appointments.PriceAcceptance.NotNeeded;
    }

    /// <summary>
    /// Records the price a third-party channel paid the customer itself: no items of ours to price, nothing for the
    /// customer to accept here (they settled with the channel). Only while on the way.
    /// </summary>
    public void RecordChannelPrice(long finalFen)
    {
        if (Status != AppointmentStatus.OnTheWay)
        {
            throw new InvalidOperationException($"Appointment {Id} is {Status}; a channel's price is recorded only on site.");
        }

        FinalFen = finalFen;
        PriceAcceptance = Appointments.PriceAcceptance.NotNeeded;
    }

    /// <summary>Whether completing now would pay a price the customer still has to accept.</summary>
    public bool AwaitsPriceAcceptance => PriceAcceptance == Appointments.PriceAcceptance.Awaiting;

    void IStateMachineSubject<AppointmentStatus>.Enter(AppointmentStatus status, string? reason, DateTime at)
    {
        var from = Status;
        Status = status;
        UpdatedAt = at;
        Version++;
        switch (status)
        {
            case AppointmentStatus.Confirmed: ConfirmedAt = at; break;
            case AppointmentStatus.Assigned: AssignedAt = at; break;
            case AppointmentStatus.OnTheWay: OnTheWayAt = at; break;
            // Weighed again from Weighed is the customer accepting the price.
            case AppointmentStatus.Weighed when from == AppointmentStatus.Weighed: PriceAcceptance = Appointments.PriceAcceptance.Accepted; break;
            case AppointmentStatus.Weighed: WeighedAt = at; break;
            case AppointmentStatus.Completed: CompletedAt = at; break;
            case AppointmentStatus.Cancelled: CancelledAt = at; CancelReason = reason; break;
        }
    }

    /// <summary>Says how a cancellation came about, right after its transition.</summary>
    public void RecordCancellation(AppointmentTrigger trigger, Actor by) =>
        Cancellation = Status != AppointmentStatus.Cancelled
            ? throw new InvalidOperationException($"Appointment {Id} is {Status}, not cancelled.")
            : trigger switch
            {
                AppointmentTrigger.ReportNoShow => "no_show",
                AppointmentTrigger.RejectPrice => "price_rejected",
                _ => by.ToString().ToLowerInvariant(),
            };
}

/// <summary>A photo of the weighed items: the upload's id (digits) and where its image and thumbnail are served (they never change).</summary>
public sealed record WeighingPhoto(string Id, string Url, string ThumbnailUrl)
{
    public static WeighingPhoto From(Circula.Uploads.Contracts.UploadRef upload) =>
        new(upload.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), upload.Url, upload.ThumbnailUrl);
}

/// <summary>Whether a weighed price needs the customer's consent before completion.</summary>
public enum PriceAcceptance
{
    NotNeeded,
    Awaiting,
    Accepted,
}
