using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Circula.Recycling.Pricing;

namespace Circula.Bench.Quotes;

/// <summary>
/// The pure quoter (<see cref="Quoter"/>, called as the quote endpoint calls it, with the request's attributes still
/// JSON) on the 10-factor rule of bench/quote-rule.json, which mixes every operator and effect: a one-item quote and a
/// five-item quote. Quotes per second = 1 s / Mean (the target: 200,000 on one core). The setup checks the
/// totals worked out by hand, so a quoter that changed its prices fails the benchmark instead of being measured.
/// </summary>
[MemoryDiagnoser]
public class QuoterBenchmarks
{
    /// <summary>Item 1 alone: 80,000 ×1.5 −500 +3,000 ×0.9 +500 +100.</summary>
    public const long OneItemFen = 110_850;

    /// <summary>All five: 110,850 + 33,600 + 200 (set to 300, −2,000 stops at 0, raised to the minimum) + 56,500 + 123,100.</summary>
    public const long FiveItemsFen = 324_250;

    private Quoter _quoter = null!;
    private QuoteItemInput[] _oneItem = null!;
    private QuoteItemInput[] _fiveItems = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var file = typeof(QuoterBenchmarks).Assembly.GetManifestResourceStream("quote-rule.json")!;
        var set = JsonSerializer.Deserialize<RuleSet>(file, JsonSerializerOptions.Web)!;
        _quoter = new Quoter(set.Rule);
        _fiveItems = [.. set.Items];
        _oneItem = [_fiveItems[0]];
        Check(OneQuote(), OneItemFen);
        Check(FiveItemQuote(), FiveItemsFen);
    }

    [Benchmark(Baseline = true)]
    public long OneQuote() => _quoter.Quote(_oneItem).Value!.TotalFen;

    [Benchmark]
    public long FiveItemQuote() => _quoter.Quote(_fiveItems).Value!.TotalFen;

    private static void Check(long total, long expected)
    {
        if (total != expected)
        {
            throw new InvalidOperationException($"The quote came to {total} fen, not {expected}: the quoter's results changed.");
        }
    }

    private sealed record RuleSet(PricingRule Rule, IReadOnlyList<QuoteItemInput> Items);
}
