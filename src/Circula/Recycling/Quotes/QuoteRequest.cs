using Circula.Recycling.Pricing;
using Circula.Shared;

namespace Circula.Recycling.Quotes;

/// <summary>
/// What a customer asks a price for: a recycling category and its items. The items' checks (quantities, answers) depend
/// on the category's rule, so the quoter makes them.
/// </summary>
public sealed record QuoteRequest(long CategoryId, IReadOnlyList<QuoteItemInput>? Items) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Range("categoryId", CategoryId, 1, long.MaxValue);
}
