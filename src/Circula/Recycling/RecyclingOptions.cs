namespace Circula.Recycling;

public sealed class RecyclingOptions
{
    public const string Section = "Circula:Recycling";

    /// <summary>How long a quote holds; the final price is recomputed at weighing with the quote's rule version anyway.</summary>
    public TimeSpan QuoteValidFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How soon a pickup may start at the earliest, counted from the booking.</summary>
    public TimeSpan MinLeadTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How far ahead a pickup may be booked.</summary>
    public TimeSpan MaxAdvance { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How far (basis points of the quoted price; 1000 = 10%) the weighed price may differ from the quote before the
    /// customer must accept it (POST .../accept-price) ahead of completion.
    /// </summary>
    public int PriceToleranceBasisPoints { get; set; } = 1000;

    /// <summary>
    /// How long a payout may stay processing (a WeChat transfer waiting for the user, or its result notification lost)
    /// before its provider is asked, and again every as long while it stays so.
    /// </summary>
    public TimeSpan PayoutQueryAfter { get; set; } = TimeSpan.FromMinutes(10);
}
