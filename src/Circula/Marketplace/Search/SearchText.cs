using System.Globalization;
using System.Text;

namespace Circula.Marketplace.Search;

/// <summary>A word of a text as the search reads it, with the shorter dictionary words inside it (二手手机: 二手, 手机).</summary>
public sealed record SearchWord(string Word, IReadOnlyList<string> Parts)
{
    /// <summary>A Latin word long enough for one typo to still say which word was meant.</summary>
    public bool IsTypoCandidate => Word.Length >= SearchText.MinTypoLength && Word.All(char.IsAsciiLetterLower);

    /// <summary>
    /// Parts that, put end to end, spell the word (二手手机 = 二手 + 手机), so the word says no more than they do; null when
    /// none do (手机壳's parts 手机 and 机壳 overlap, and 手机 alone leaves 壳 out: a phone case is no phone).
    /// </summary>
    public IReadOnlyList<string>? Tiling => TileFrom(0);

    private List<string>? TileFrom(int start)
    {
        if (start == Word.Length)
        {
            return [];
        }

        foreach (var part in Parts.Where(p => start + p.Length <= Word.Length && string.CompareOrdinal(Word, start, p, 0, p.Length) == 0))
        {
            if (TileFrom(start + part.Length) is { } rest)
            {
                return rest.Prepend(part).ToList();
            }
        }

        return null;
    }
}

/// <summary>
/// Splits text into search words, the same way for listings and queries: full-width forms become half-width and
/// letters lower case (NFKC, then lower), runs of Chinese characters are segmented by jieba, and a run of Latin letters
/// and digits splits where letters and digits meet ("iPhone15Pro" → iphone, 15, pro). Everything else separates words
/// (characters outside the Basic Multilingual Plane too), so a word is only ever letters or digits.
/// </summary>
public static class SearchText
{
    public const int MinTypoLength = 4;

    private const int MaxWordLength = 32;

    private enum Kind { Separator, Chinese, Letter, Digit }

    public static string Normalize(string text) => text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    public static List<SearchWord> Words(string text)
    {
        var normalized = Normalize(text);
        var words = new List<SearchWord>();
        var start = 0;
        for (var i = 1; i <= normalized.Length; i++)
        {
            if (i < normalized.Length && KindOf(normalized[i]) == KindOf(normalized[start]))
            {
                continue;
            }

            AddRun(words, normalized[start..i], KindOf(normalized[start]));
            start = i;
        }

        return words;
    }

    private static void AddRun(List<SearchWord> words, string run, Kind kind)
    {
        switch (kind)
        {
            case Kind.Chinese:
                words.AddRange(ChineseSegmenter.Words(run).Where(w => w.Length <= MaxWordLength)
                    .Select(w => new SearchWord(w, ChineseSegmenter.Parts(w).Distinct(StringComparer.Ordinal).ToList())));
                break;
            case Kind.Letter or Kind.Digit when run.Length <= MaxWordLength:
                words.Add(new SearchWord(run, []));
                break;
        }
    }

    private static Kind KindOf(char c) =>
        char.IsAsciiLetter(c) ? Kind.Letter
        : char.IsAsciiDigit(c) ? Kind.Digit
        : CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter ? Kind.Chinese
        : Kind.Separator;
}
