using Circula.Marketplace.Endpoints;
using Circula.Marketplace.Listings;
using Circula.Shared;

namespace Circula.Marketplace.Credit.Endpoints;

/// <summary>A seller's credit: the score and its tier (a stable English code and the name users see).</summary>
public sealed record CreditView(int Score, string Tier, string TierName)
{
    public static readonly CreditView Example = new(128, "good", "良好卖家");

    public static CreditView From(CreditStanding s) => new(s.Score, s.Tier.Code, s.Tier.Name);
}

/// <summary>One change of a credit: its rule (kebab-case), the points it added or took away, why, its source key, the operator who recorded it if one did.</summary>
public sealed record CreditEntryView(string Id, string Rule, int Points, string Reason, string SourceKey, string? RecordedBy, DateTime At)
{
    public static readonly CreditEntryView Example = new("4096", "completed-deal", 10, "order 7262110390812673 completed", "order-completed:7262110390812673",
        null, new DateTime(2026, 5, 1, 3, 0, 0, DateTimeKind.Utc));

    public static CreditEntryView From(CreditEntry e) => new(ListingView.Text(e.Id), ListingRequest.Kebab(e.Rule), e.Points, e.Reason, e.SourceKey,
        e.RecordedBy is { } by ? ListingView.Text(by) : null, e.CreatedAt);
}

/// <summary>A user's credit with a page of its trail, newest change first.</summary>
public sealed record CreditAccountView(string UserId, CreditView Credit, PagedList<CreditEntryView> Trail)
{
    public static readonly CreditAccountView Example = new("10001", CreditView.Example, new PagedList<CreditEntryView>([CreditEntryView.Example], 1, 20, 1));
}

/// <summary>A replay: the score stored before, the sum of the trail (stored now), the drift between them (0 when they agreed).</summary>
public sealed record CreditReplayView(string UserId, int StoredScore, int TrailScore, int Drift, int TrailEntries, CreditView Credit);

/// <summary>A seller as buyers see them: the display name masked, the credit and how many listings are on sale now.</summary>
public sealed record SellerProfileView(string UserId, string Nickname, CreditView Credit, int ActiveListings)
{
    public static readonly SellerProfileView Example = new("10001", "小****", CreditView.Example, 12);
}
