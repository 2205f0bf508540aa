using Circula.Data;
using Circula.Recycling.Areas;
using Circula.Recycling.Quotes;
using Circula.Shared;
using Circula.Shared.Ids;
using Circula.Shared.Results;

namespace Circula.Recycling.Appointments;

/// <summary>
/// Books a pickup in one transaction: a place in the slot (or 409 <c>slot_full</c> with the next free ones) and the
/// appointment. A quote books at most one appointment, so sending the same booking twice cannot take two places.
/// </summary>
public sealed class AppointmentBooking(CirculaDbContext db, ServiceAreas areas, PickupSlots slots, Quoting quoting, SnowflakeIdGenerator ids,
    PiiProtector pii, TimeProvider clock)
{
    private static readonly UniqueIndex OneAppointmentPerQuote = new("recycling_appointments_quote_id_key", "recycling_appointments.quote_id");

    public async Task<Result<Appointment>> BookAsync(BookAppointmentRequest request, long userId, CancellationToken ct)
    {
        var contact = request.Contact;
        var area = await areas.CoveringAsync(contact.Address.Latitude!.Value, contact.Address.Longitude!.Value, ct);
        if (area is null)
        {
            return PickupSlots.OutsideEveryArea("address");
        }

        var slot = slots.Bookable(area, request.SlotStart);
        if (!slot.IsSuccess)
        {
            return slot.Error!;
        }

        var quote = await QuoteAsync(request, userId, ct);
        if (!quote.IsSuccess)
        {
            return quote.Error!;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await slots.TakeAsync(area, slot.Value, ct))
        {
            await transaction.RollbackAsync(ct);
            return await slots.FullAsync(area, slot.Value, ct);
        }

        var appointment = Appointment.Book(ids.NextId(), quote.Value!, area, slot.Value, contact, pii, clock.GetUtcNow().UtcDateTime);
        db.Add(appointment);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException e) when (OneAppointmentPerQuote.IsViolatedBy(e))
        {
            await transaction.RollbackAsync(ct);
            return QuoteBooked();
        }

        await transaction.CommitAsync(ct);
        return appointment;
    }

    /// <summary>The customer's own unexpired quote, or a new one for the items sent.</summary>
    private async Task<Result<RecyclingQuote>> QuoteAsync(BookAppointmentRequest request, long userId, CancellationToken ct)
    {
        if (request.QuoteNumber is not { } quoteId)
        {
            return await quoting.QuoteAsync(new QuoteRequest(request.CategoryId!.Value, request.Items), userId, ct);
        }

        var quote = await quoting.GetAsync(quoteId, userId, ct);
        if (!quote.IsSuccess)
        {
            return DomainError.Validation("quoteId", "must be one of your quotes.");
        }

        if (quote.Value!.ExpiresAt <= clock.GetUtcNow().UtcDateTime)
        {
            return DomainError.Invalid("quote_expired", "This quote has expired; ask for a new one.",
                new Dictionary<string, string[]> { ["quoteId"] = ["has expired."] });
        }

        return await quoting.IsBookedAsync(quoteId, ct) ? QuoteBooked() : quote;
    }

    private static DomainError QuoteBooked() =>
        DomainError.Conflict("quote_already_booked", "This quote already has an appointment; see GET /api/v1/recycling/appointments.");
}
