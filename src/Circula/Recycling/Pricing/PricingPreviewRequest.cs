using Circula.Shared;

namespace Circula.Recycling.Pricing;

/// <summary>A rule and sample items to price with it, without saving either.</summary>
public sealed record PricingPreviewRequest(PricingRule Rule, IReadOnlyList<QuoteItemInput>? Items) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (Rule is null)
        {
            errors.Add("rule", "is required.");
            return;
        }

        Rule.Validate(errors.Under("rule"));
    }
}
