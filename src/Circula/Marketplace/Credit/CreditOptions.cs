using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Circula.Marketplace.Credit;

/// <summary>
/// Circula:Marketplace:Credit: the points each rule adds or takes away, and the tiers (each from a score up to the next
/// tier's). Changing points applies to changes recorded from then on: the trail keeps the points each change had.
/// </summary>
public sealed class CreditOptions
{
    public const string Section = "Circula:Marketplace:Credit";

    public CreditPoints Points { get; set; } = new();

    /// <summary>A seller who ships a paid marketplace order within this time of the payment earns <see cref="CreditRule.ShippedOnTime"/>.</summary>
    public TimeSpan ShipWithin { get; set; } = TimeSpan.FromHours(48);

    /// <summary>From the lowest up; the first takes every score below the second's <see cref="CreditTier.From"/>, negative ones too.</summary>
    public CreditTier[]? Tiers { get; set; }

    public static readonly IReadOnlyList<CreditTier> DefaultTiers =
        [new("newcomer", "新手卖家", 0), new("good", "良好卖家", 100), new("gold", "金牌卖家", 500)];

    public IReadOnlyList<CreditTier> TierList => Tiers is { Length: > 0 } tiers ? tiers : DefaultTiers;

    public CreditTier TierOf(int score) => TierList.Skip(1).LastOrDefault(t => score >= t.From) ?? TierList[0];

    public int PointsOf(CreditRule rule) => rule switch
    {
        CreditRule.CompletedDeal => Points.CompletedDeal,
        CreditRule.ShippedOnTime => Points.ShippedOnTime,
        CreditRule.CancelledAfterPayment => Points.CancelledAfterPayment,
        CreditRule.DisputeLost => Points.DisputeLost,
        CreditRule.RecyclingNoShow => Points.RecyclingNoShow,
        _ => throw new ArgumentException($"{rule} has no configured points: an operator's adjustment carries its own.", nameof(rule)),
    };
}

public sealed class CreditPoints
{
    public int CompletedDeal { get; set; } = 10;

    public int ShippedOnTime { get; set; } = 2;

    public int CancelledAfterPayment { get; set; } = -15;

    public int DisputeLost { get; set; } = -30;

    public int RecyclingNoShow { get; set; } = -5;
}

/// <summary>A tier: a stable English code, its Chinese name as users see it, and the lowest score it takes.</summary>
public sealed record CreditTier(string Code, string Name, int From)
{
    public CreditTier() : this("", "", 0)
    {
    }
}

/// <summary>Refuses at startup points of the wrong sign and tiers that do not climb, so a typo cannot turn a penalty into a reward.</summary>
public sealed partial class CreditOptionsValidation : IValidateOptions<CreditOptions>
{
    public ValidateOptionsResult Validate(string? name, CreditOptions options)
    {
        var problems = new List<string>();
        var p = options.Points;
        foreach (var (rule, points) in new[] { (nameof(p.CompletedDeal), p.CompletedDeal), (nameof(p.ShippedOnTime), p.ShippedOnTime) })
        {
            if (points is <= 0 or > 1000)
            {
                problems.Add($"{CreditOptions.Section}:Points:{rule} must be 1 to 1000 (it rewards).");
            }
        }

        foreach (var (rule, points) in new[] { (nameof(p.CancelledAfterPayment), p.CancelledAfterPayment), (nameof(p.DisputeLost), p.DisputeLost),
                     (nameof(p.RecyclingNoShow), p.RecyclingNoShow) })
        {
            if (points is >= 0 or < -1000)
            {
                problems.Add($"{CreditOptions.Section}:Points:{rule} must be -1 to -1000 (it penalises).");
            }
        }

        if (options.ShipWithin <= TimeSpan.Zero || options.ShipWithin > TimeSpan.FromDays(30))
        {
            problems.Add($"{CreditOptions.Section}:ShipWithin must be more than 0 and at most 30 days.");
        }

        var tiers = options.TierList;
        if (tiers.Any(t => !Code().IsMatch(t.Code ?? "") || string.IsNullOrWhiteSpace(t.Name) || t.Name.Length > 16)
            || tiers.Select(t => t.Code).Distinct(StringComparer.Ordinal).Count() != tiers.Count)
        {
            problems.Add($"{CreditOptions.Section}:Tiers need distinct lower-case codes (a-z, 0-9, -) and names of 1 to 16 characters.");
        }

        if (tiers.Zip(tiers.Skip(1)).Any(pair => pair.Second.From <= pair.First.From))
        {
            problems.Add($"{CreditOptions.Section}:Tiers must be listed from the lowest score up, each From above the one before.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex Code();
}
