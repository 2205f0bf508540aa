using System.Text;

namespace Circula.Marketplace.Search;

/// <summary>A search ready to run: its words as term groups, the SQL that collects its parameters, its candidates.</summary>
internal sealed record SearchPlan(List<TermGroup> Groups, SearchSql Sql, Candidates Candidates);

/// <summary>
/// The documents that pass the words and filters: Words (null without) and Filters over the documents d, Distance the km
/// from lat/lng (NULL without), checked against @radius when InRadius; InBox when the filters hold the circle's box;
/// WordsAlone when the words are all that is asked (no filter, no circle).
/// </summary>
internal sealed record Candidates(string? Words, string Filters, string Distance, bool InRadius, bool InBox, bool WordsAlone,
    string Documents = SearchSql.Documents)
{
    public string Select(string columns)
    {
        var inner = $"SELECT {columns}, {Distance} AS distance_km FROM {Documents} WHERE {(Words is null ? "" : Words + " AND ")}{Filters}";
        return InRadius ? $"SELECT * FROM ({inner}) c WHERE c.distance_km <= @radius" : inner;
    }
}

/// <summary>The few places where the SQL of the two providers differs, and the parameters a search collects.</summary>
internal sealed class SearchSql(bool postgres)
{
    private readonly Dictionary<string, string> _termParameters = new(StringComparer.Ordinal);

    public List<(string Name, object? Value)> Parameters { get; } = [];

    public string Smaller => postgres ? "least" : "min";

    /// <summary>Listings that have a term of every group: FTS5 MATCH on SQLite, the tsvector's GIN index on PostgreSQL.</summary>
    public string Matches(List<TermGroup> groups)
    {
        // Terms are letters and digits only (SearchText), so quoting them needs no escaping.
        var expression = string.Join(postgres ? " & " : " AND ",
            groups.Select(g => "(" + string.Join(postgres ? " | " : " OR ", g.All.Distinct(StringComparer.Ordinal).Select(t => postgres ? $"'{t}'" : $"\"{t}\"")) + ")"));
        Parameters.Add(("match", expression));
        return postgres
            ? "d.search_vector @@ CAST(@match AS tsquery)"
            : "d.listing_id IN (SELECT rowid FROM marketplace_search_fts WHERE marketplace_search_fts MATCH @match)";
    }

    /// <summary>
    /// What <see cref="Matches"/> finds, for documents the geo index gives. PostgreSQL ANDs the bitmaps of the GIN and
    /// geo indexes and reads only the box's matches. SQLite uses one index per table: driven by the FTS5 matches it would
    /// read the document of every match across the map, so the unary + keeps the list from driving; the geo index then
    /// drives and each of the box's ids is looked up in the list (a 3 km page of a common word: 16 ms, against 40 with the
    /// words tested on the token columns of the box's 9,493 documents). A small box's few documents (a 1 km circle:
    /// about 1,000 in the bench's city centre) cost less to test on their token columns than the list of a common word's
    /// matches costs to build (4.4 ms against 9.4 for the page).
    /// </summary>
    public string MatchesInBox(List<TermGroup> groups, (int Points, string Column, bool Typo)[] tiers, bool smallBox) =>
        postgres ? Matches(groups) : smallBox ? HasWords(groups, tiers) : "+" + Matches(groups);

    /// <summary>
    /// The documents as <paramref name="index"/> orders them, for a walk. SQLite's planner has no statistics and takes an
    /// equality on a filter's index (a category's 15,628 documents in a price range, each read for the words) over the
    /// walk's range of 2,000; PostgreSQL combines both indexes.
    /// </summary>
    public string DocumentsBy(string index) => postgres ? Documents : $"{Documents} INDEXED BY {index}";

    public const string Documents = "marketplace_search_documents d";

    /// <summary>
    /// What the capped count reads. SQLite counts the words alone from FTS5, which holds one row per document (1,000 of
    /// 手机 in 0.3 ms, against 8 ms with each match's document read); PostgreSQL's GIN index gives a bitmap to check
    /// against the table either way.
    /// </summary>
    public string Counted(Candidates candidates) =>
        !postgres && candidates.WordsAlone ? "SELECT rowid FROM marketplace_search_fts WHERE marketplace_search_fts MATCH @match" : candidates.Select("d.listing_id");

    /// <summary>Per group the points of the best tier it matches, summed; 0 without groups.</summary>
    public string Score(List<TermGroup> groups, (int Points, string Column, bool Typo)[] tiers)
    {
        if (groups.Count == 0)
        {
            return "0";
        }

        var score = new StringBuilder();
        foreach (var group in groups)
        {
            score.Append(score.Length == 0 ? "(CASE" : " + (CASE");
            foreach (var (points, column, typo) in tiers)
            {
                var terms = typo ? group.Typos : group.Exact;
                if (terms.Count > 0)
                {
                    score.Append(" WHEN ").Append(string.Join(" OR ", terms.Select(t => Contains(column, t)))).Append(" THEN ").Append(points);
                }
            }

            score.Append(" ELSE 0 END)");
        }

        return score.ToString();
    }

    /// <summary>Listings where every group scores its best tier (the first with terms): the most a listing can score.</summary>
    public string InTopTier(List<TermGroup> groups, (int Points, string Column, bool Typo)[] tiers) =>
        string.Join(" AND ", groups.Select(g => tiers.Select(t => (t.Column, Terms: t.Typo ? g.Typos : g.Exact)).First(t => t.Terms.Count > 0))
            .Select(t => "(" + string.Join(" OR ", t.Terms.Select(term => Contains(t.Column, term))) + ")"));

    /// <summary>What <see cref="Matches"/> finds, read from the token columns (every indexed token is in one of them).</summary>
    public string HasWords(List<TermGroup> groups, (int Points, string Column, bool Typo)[] tiers) =>
        string.Join(" AND ", groups.Select(g => "(" + string.Join(" OR ",
            g.All.Distinct(StringComparer.Ordinal).SelectMany(term => tiers.Select(t => t.Column).Distinct().Select(column => Contains(column, term)))) + ")"));

    private string Contains(string column, string term)
    {
        if (!_termParameters.TryGetValue(term, out var name))
        {
            name = "term" + _termParameters.Count;
            _termParameters[term] = name;
            Parameters.Add((name, $" {term} "));
        }

        return postgres ? $"strpos(d.{column}, @{name}) > 0" : $"instr(d.{column}, @{name}) > 0";
    }
}
