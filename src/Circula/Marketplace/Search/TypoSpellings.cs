namespace Circula.Marketplace.Search;

/// <summary>
/// One-edit typo tolerance by symmetric deletion: a word is filed under itself and under each spelling with one letter
/// left out, and a query word looks up the same spellings of itself. Two words one insertion, deletion, substitution or
/// swap of neighbours apart share one of them (iphnoe and iphone both give iphoe); <see cref="WithinOneEdit"/> then
/// drops the pairs that share a spelling but are two edits apart (xab and abx both give ab).
/// </summary>
public static class TypoSpellings
{
    public static IEnumerable<string> Of(string word) =>
        Enumerable.Range(0, word.Length).Select(i => word.Remove(i, 1)).Prepend(word).Distinct(StringComparer.Ordinal);

    /// <summary>Whether one insertion, deletion, substitution or transposition of neighbours turns <paramref name="a"/> into <paramref name="b"/>.</summary>
    public static bool WithinOneEdit(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }

        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var (restA, restB) = (a[prefix..], b[prefix..]);
        return (restA.Length, restB.Length) switch
        {
            (0, 0) => true,
            _ when restA.Length == restB.Length => restA[1..] == restB[1..]
                || (restA.Length >= 2 && restA[0] == restB[1] && restA[1] == restB[0] && restA[2..] == restB[2..]),
            _ when restA.Length > restB.Length => restA[1..] == restB,
            _ => restB[1..] == restA,
        };
    }
}
