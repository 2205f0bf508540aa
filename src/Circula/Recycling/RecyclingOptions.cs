namespace Circula.Recycling;

public sealed class RecyclingOptions
{
    public const string Section = "Circula:Recycling";

    /// <summary>How long a quote holds; the final price is recomputed at weighing with the quote's rule version anyway.</summary>
    public TimeSpan QuoteValidFor { get; set; } = TimeSpan.FromHours(24);
}
