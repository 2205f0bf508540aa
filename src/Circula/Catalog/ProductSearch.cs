using Microsoft.EntityFrameworkCore;

namespace Circula.Catalog;

/// <summary>Keyword search over product names and subtitles, the same for the public list and the operators' list.</summary>
public static class ProductSearch
{
    public const int MaxKeywordLength = 50;

    private const string LikeEscape = "\\";

    /// <summary>Products whose name or subtitle contains <paramref name="keyword"/> (any case); every product for a blank keyword.</summary>
    public static IQueryable<Product> Matching(this IQueryable<Product> products, string? keyword)
    {
        if (string.IsNullOrWhiteSpace(keyword))
        {
            return products;
        }

        // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not. Chinese has no case.
        var pattern = "%" + EscapeLike(keyword.Trim().ToLowerInvariant()) + "%";
        return products.Where(p => EF.Functions.Like(p.Name.ToLower(), pattern, LikeEscape)
            || (p.Subtitle != null && EF.Functions.Like(p.Subtitle.ToLower(), pattern, LikeEscape)));
    }

    /// <summary>Makes % and _ in a keyword match themselves instead of acting as wildcards.</summary>
    internal static string EscapeLike(string text) =>
        text.Replace(LikeEscape, LikeEscape + LikeEscape, StringComparison.Ordinal)
            .Replace("%", LikeEscape + "%", StringComparison.Ordinal)
            .Replace("_", LikeEscape + "_", StringComparison.Ordinal);
}
