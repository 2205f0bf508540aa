namespace Circula.Marketplace.Pricing;

/// <summary>A completed deal: the day (UTC) the listing sold and its price in fen.</summary>
public sealed record DealPrice(DateOnly Day, long PriceFen);

/// <summary>One day of the window: how many similar items sold and their plain average in fen (null on a day with none).</summary>
public sealed record DailyPrice(DateOnly Date, int Count, long? AverageFen);

/// <summary>The window's answer: the sample size, the suggested price and its band (null with too few samples), and every day's prices.</summary>
public sealed record PriceEstimate(int SampleSize, long? SuggestedFen, long? LowFen, long? HighFen, IReadOnlyList<DailyPrice> Daily)
{
    public bool Enough => SuggestedFen is not null;
}

/// <summary>
/// The price suggestion's arithmetic, in decimal throughout (money never passes through a double): over the
/// <see cref="Days"/> days up to today, each deal weighs <see cref="DailyWeight"/>^age (age in whole days, 0 today), the
/// suggestion is the weighted mean, the band the mean ± <see cref="BandSigmas"/> weighted standard deviations
/// (σ² = Σw(p − mean)² / Σw), each rounded to whole fen (halves away from zero); the band's low end is at least 1 fen.
/// </summary>
public static class PriceWindow
{
    public const int Days = 30;
    public const decimal DailyWeight = 0.98m;
    public const decimal BandSigmas = 1.5m;

    public static DateOnly FirstDay(DateOnly today) => today.AddDays(1 - Days);

    public static PriceEstimate Estimate(IReadOnlyList<DealPrice> deals, DateOnly today, int minimumSamples)
    {
        var inWindow = deals.Where(d => d.Day >= FirstDay(today) && d.Day <= today).ToList();
        var daily = Enumerable.Range(0, Days).Select(i => FirstDay(today).AddDays(i)).Select(day =>
        {
            var prices = inWindow.Where(d => d.Day == day).Select(d => d.PriceFen).ToList();
            return new DailyPrice(day, prices.Count, prices.Count == 0 ? null : Fen(prices.Sum(p => (decimal)p) / prices.Count));
        }).ToList();
        if (inWindow.Count < minimumSamples || inWindow.Count == 0)
        {
            return new PriceEstimate(inWindow.Count, null, null, null, daily);
        }

        var weighted = inWindow.Select(d => (Weight: Weight(today.DayNumber - d.Day.DayNumber), Price: (decimal)d.PriceFen)).ToList();
        var totalWeight = weighted.Sum(w => w.Weight);
        var mean = weighted.Sum(w => w.Weight * w.Price) / totalWeight;
        var sigma = Sqrt(weighted.Sum(w => w.Weight * (w.Price - mean) * (w.Price - mean)) / totalWeight);
        return new PriceEstimate(inWindow.Count, Fen(mean), Math.Max(1, Fen(mean - BandSigmas * sigma)), Fen(mean + BandSigmas * sigma), daily);
    }

    public static decimal Weight(int ageDays)
    {
        var weight = 1m;
        for (var i = 0; i < ageDays; i++)
        {
            weight *= DailyWeight;
        }

        return weight;
    }

    /// <summary>Newton's method in decimal, from above (x or 1, whichever is larger), until it stops falling.</summary>
    public static decimal Sqrt(decimal x)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        if (x == 0)
        {
            return 0;
        }

        var root = Math.Max(x, 1m);
        while (true)
        {
            var next = (root + x / root) / 2;
            if (next >= root)
            {
                return root;
            }

            root = next;
        }
    }

    private static long Fen(decimal amount) => (long)Math.Round(amount, MidpointRounding.AwayFromZero);
}
