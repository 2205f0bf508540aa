using Circula.Data;

namespace Circula.Marketplace.Search;

/// <summary>
/// One word of a query as the index is asked about it: a listing matches when it has any of <see cref="Exact"/> (the
/// word and its operator-made synonyms) or, worth less, of <see cref="Typos"/> (indexed Latin words one edit away).
/// </summary>
internal sealed record TermGroup(IReadOnlyList<string> Exact, IReadOnlyList<string> Typos)
{
    public IEnumerable<string> All => Exact.Concat(Typos);
}

/// <summary>
/// Turns query text into term groups, reading the synonyms and the typo vocabulary from the database on every query
/// (two indexed lookups), so an operator's edit counts at once on every replica and no cache needs invalidating.
/// </summary>
internal sealed class QueryTerms(CirculaDbContext db)
{
    private const int MaxGroups = 12;
    private const int MaxAlternatives = 16;

    /// <summary>
    /// Each word of the query is one group, all of which a listing must match. A compound word spelled by its dictionary
    /// parts (二手手机: 二手 + 手机) is asked as its parts, so "二手 iPhone 手机" is found by 二手手机 too; a word with
    /// synonyms is asked as itself with them. A Latin word the index has never seen is widened to the ones it has that
    /// are one edit away.
    /// </summary>
    public async Task<List<TermGroup>> PlanAsync(string query, CancellationToken ct)
    {
        var words = SearchText.Words(query);
        var synonyms = await SynonymsAsync(words.SelectMany(w => w.Parts.Prepend(w.Word)).Distinct(StringComparer.Ordinal).ToList(), ct);
        var typos = await TyposAsync(words.Where(w => w.IsTypoCandidate).Select(w => w.Word).Distinct(StringComparer.Ordinal).ToList(), ct);
        var groups = new List<TermGroup>();
        foreach (var word in words)
        {
            if (!synonyms.ContainsKey(word.Word) && word.Tiling is { } tiles)
            {
                groups.AddRange(tiles.Select(p => new TermGroup(synonyms.GetValueOrDefault(p, [p]), [])));
            }
            else
            {
                groups.Add(new TermGroup(synonyms.GetValueOrDefault(word.Word, [word.Word]), typos.GetValueOrDefault(word.Word, [])));
            }
        }

        return groups.DistinctBy(g => string.Join(' ', g.All)).Take(MaxGroups)
            .Select(g => new TermGroup(g.Exact.Take(MaxAlternatives).ToList(), g.Typos.Take(MaxAlternatives).ToList())).ToList();
    }

    private async Task<Dictionary<string, List<string>>> SynonymsAsync(List<string> terms, CancellationToken ct)
    {
        if (terms.Count == 0)
        {
            return [];
        }

        var names = Names("t", terms.Count);
        var rows = await db.QueryAsync($"SELECT a.term, b.term FROM marketplace_synonym_terms a JOIN marketplace_synonym_terms b ON b.group_id = a.group_id " +
            $"WHERE a.term IN ({string.Join(", ", names.Select(n => "@" + n))}) ORDER BY a.term, b.position",
            r => (Term: r.GetString(0), Synonym: r.GetString(1)), ct, [.. names.Zip(terms, (n, t) => (n, (object?)t))]);
        return rows.GroupBy(r => r.Term).ToDictionary(g => g.Key, g => g.Select(r => r.Synonym).ToList(), StringComparer.Ordinal);
    }

    /// <summary>For each Latin word the index does not know, the indexed words one edit away.</summary>
    private async Task<Dictionary<string, List<string>>> TyposAsync(List<string> words, CancellationToken ct)
    {
        var spellings = words.SelectMany(TypoSpellings.Of).Distinct(StringComparer.Ordinal).ToList();
        if (spellings.Count == 0)
        {
            return [];
        }

        var names = Names("v", spellings.Count);
        var known = (await db.QueryAsync($"SELECT DISTINCT term FROM marketplace_search_terms WHERE variant IN ({string.Join(", ", names.Select(n => "@" + n))})",
            r => r.GetString(0), ct, [.. names.Zip(spellings, (n, s) => (n, (object?)s))])).Order(StringComparer.Ordinal).ToList();
        return words.Where(w => !known.Contains(w))
            .ToDictionary(w => w, w => known.Where(k => TypoSpellings.WithinOneEdit(w, k)).ToList(), StringComparer.Ordinal);
    }

    private static List<string> Names(string prefix, int count) => Enumerable.Range(0, count).Select(i => prefix + i).ToList();
}
