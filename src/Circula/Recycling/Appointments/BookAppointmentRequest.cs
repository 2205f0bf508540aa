using Circula.Recycling.Pricing;
using Circula.Shared;
using Circula.Shared.Ids;

namespace Circula.Recycling.Appointments;

/// <summary>
/// A pickup booking: one of the customer's own unexpired quotes (<see cref="QuoteId"/>), or a category and items to
/// quote now; where (with coordinates) and who to meet; and the start of one of the area's slots.
/// </summary>
public sealed record BookAppointmentRequest(string? QuoteId, long? CategoryId, IReadOnlyList<QuoteItemInput>? Items, PickupAddress? Address,
    string? ContactName, string? ContactPhone, DateTime SlotStart) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (QuoteId is not null && (CategoryId is not null || Items is not null))
        {
            errors.Add("quoteId", "give either a quoteId or a categoryId with items, not both.");
        }
        else if (QuoteId is null && (CategoryId is null || Items is null))
        {
            errors.Add("quoteId", "is required, unless a categoryId and items are given to quote now.");
        }

        if (QuoteId is not null && QuoteNumber is null)
        {
            errors.Add("quoteId", "must be a quote id (a string of digits, as the quote answer gives it).");
        }
        if (Address is null)
        {
            errors.Add("address", "is required.");
        }
        else
        {
            Address.Validate(errors.Under("address"));
        }

        errors.Required("contactName", ContactName, 32, TextKind.Name);
        errors.Check("contactPhone", ContactPhone);
        if (SlotStart == default)
        {
            errors.Add("slotStart", "is required: the start of a free slot (ISO 8601, from GET /api/v1/recycling/slots).");
        }
    }

    public long? QuoteNumber => DigitId.Parse(QuoteId);

    public PickupContact Contact => new(ContactName!.Trim(), ContactPhone!, Address!);
}
