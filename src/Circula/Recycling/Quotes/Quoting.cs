using Circula.Data;
using Circula.Recycling.Pricing;
using Circula.Shared.Ids;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Recycling.Quotes;

/// <summary>Gives instant quotes by the current rule of an enabled recycling category, and keeps them for appointments.</summary>
public sealed class Quoting(CirculaDbContext db, PricingRules rules, QuoterCache quoters, SnowflakeIdGenerator ids, TimeProvider clock,
    IOptions<RecyclingOptions> options)
{
    public async Task<Result<RecyclingQuote>> QuoteAsync(QuoteRequest request, long userId, CancellationToken ct)
    {
        var category = await rules.FindCategoryAsync(request.CategoryId, ct);
        var rule = category is { IsEnabled: true } ? await rules.CurrentAsync(request.CategoryId, ct) : null;
        if (rule is null)
        {
            return DomainError.Validation("categoryId", "must be an enabled recycling category with a price.");
        }

        var priced = quoters.For(rule).Quote(request.Items);
        if (!priced.IsSuccess)
        {
            return priced.Error;
        }

        var quote = RecyclingQuote.Create(ids.NextId(), rule, priced.Value, userId, clock.GetUtcNow().UtcDateTime, options.Value.QuoteValidFor);
        db.Add(quote);
        await db.SaveChangesAsync(ct);
        return quote;
    }

    /// <summary>One of the customer's own quotes (another customer's is not found).</summary>
    public async Task<Result<RecyclingQuote>> GetAsync(long id, long userId, CancellationToken ct) =>
        await db.Set<RecyclingQuote>().AsNoTracking().FirstOrDefaultAsync(q => q.Id == id && q.UserId == userId, ct) is { } quote
            ? quote
            : DomainError.NotFound("Quote");

    /// <summary>Whether an appointment has booked the quote (the appointment's unique quote decides a race; this answers the common case early).</summary>
    public Task<bool> IsBookedAsync(long id, CancellationToken ct) => db.Set<Appointments.Appointment>().AnyAsync(a => a.QuoteId == id, ct);
}
