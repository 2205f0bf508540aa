using Circula.Marketplace.Moderation;

namespace Circula.Marketplace;

public sealed class MarketplaceOptions
{
    public const string Section = "Circula:Marketplace";

    /// <summary>
    /// Publish a submitted listing at once when the blocklist finds nothing in it. Off by default: a platform in China
    /// answers for what its users publish, so every listing waits for an operator unless the operator decides otherwise.
    /// </summary>
    public bool AutoApproveClean { get; set; }

    /// <summary>
    /// The blocked words every deployment starts with (<see cref="DefaultBlockedWords"/> when not set); operators add
    /// and remove their own at /api/v1/admin/marketplace/blocked-words on top of these.
    /// </summary>
    public string[]? BlockedWords { get; set; }

    /// <summary>Goods second-hand platforms may not carry, and the usual lures off the platform.</summary>
    public static readonly IReadOnlyList<string> DefaultBlockedWords =
        ["代开发票", "办证", "假证", "仿真枪", "管制刀具", "迷药", "高仿", "刷单", "加微信", "私下交易"];

    public IReadOnlyList<string> ConfiguredWords => (BlockedWords ?? [.. DefaultBlockedWords]).Select(Blocklist.Normalize).Where(w => w.Length > 0).Distinct().ToList();
}
