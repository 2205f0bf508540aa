using Circula.Marketplace.Listings;

namespace Circula.Marketplace.Search;

/// <summary>
/// What the search keeps of an Active listing. Condition is one of <see cref="ListingConditions.All"/>; coordinates are
/// GCJ-02 (what Chinese map SDKs return); SellerCredit is the seller's credit score when the listing was written; Cover is
/// the listing's first image (null without images), which a hit shows.
/// </summary>
public sealed record ListingSearchDocument(long ListingId, long SellerId, string Title, string Description, long CategoryId,
    string Condition, long PriceFen, double Latitude, double Longitude, string District, int SellerCredit, DateTime PublishedAt, ListingImage? Cover);

public static class ListingConditions
{
    /// <summary>The listing's conditions as the API spells them (one list: the listing's own enum).</summary>
    public static readonly IReadOnlyList<string> All = Enum.GetValues<ListingCondition>().Select(c => ListingRequest.Kebab(c)).ToList();
}

/// <summary>A listing's text as the index stores it: each list space-separated with a space at both ends (" a b "), so a whole word is one substring test.</summary>
internal sealed record IndexedText(string TitleWords, string TitleParts, string BodyWords, IReadOnlyList<string> AllTokens, IReadOnlyList<string> TypoWords)
{
    private const int MaxTypoWords = 64;

    public static IndexedText Of(string title, string description)
    {
        var titleWords = SearchText.Words(title);
        var bodyWords = SearchText.Words(description);
        // A compound's parts are words of the title as much as the compound (二手手机 says 手机); other parts are worth less (手机壳 is no 手机).
        var words = titleWords.SelectMany(w => (w.Tiling ?? []).Prepend(w.Word)).Distinct(StringComparer.Ordinal).ToList();
        var parts = titleWords.SelectMany(w => w.Parts).Distinct(StringComparer.Ordinal).Except(words, StringComparer.Ordinal).ToList();
        var body = bodyWords.SelectMany(w => w.Parts.Prepend(w.Word)).Distinct(StringComparer.Ordinal).ToList();
        var typo = titleWords.Concat(bodyWords).Where(w => w.IsTypoCandidate).Select(w => w.Word).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).Take(MaxTypoWords).ToList();
        return new IndexedText(Spaced(words), Spaced(parts), Spaced(body), words.Concat(parts).Concat(body).Distinct(StringComparer.Ordinal).ToList(), typo);
    }

    /// <summary>" a b " for [a, b]; " " for none.</summary>
    public static string Spaced(IEnumerable<string> tokens) => " " + string.Concat(tokens.Select(t => t + " "));
}
