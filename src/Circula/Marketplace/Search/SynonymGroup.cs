using Circula.Shared;

namespace Circula.Marketplace.Search;

/// <summary>Words a search treats as one (手机 = 智能机 = 移动电话), kept as the search reads them (half-width, lower case).</summary>
public sealed class SynonymGroup
{
    private SynonymGroup()
    {
    }

    public long Id { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public List<SynonymTerm> Terms { get; private set; } = [];

    internal static SynonymGroup Create(IReadOnlyList<string> terms, DateTime now)
    {
        var group = new SynonymGroup();
        group.Replace(terms, now);
        return group;
    }

    internal void Replace(IReadOnlyList<string> terms, DateTime now)
    {
        Terms = terms.Select((t, i) => new SynonymTerm(t, i)).ToList();
        UpdatedAt = now;
    }
}

public sealed class SynonymTerm(string term, int position)
{
    public string Term { get; private set; } = term;

    public long GroupId { get; private set; }

    public int Position { get; private set; } = position;
}

/// <summary>
/// A synonym group as operators send it: 2 to 20 terms, each one word as the search splits text (移动电话 is one,
/// "iPhone15" is two: iphone and 15), none twice.
/// </summary>
public sealed record SynonymGroupRequest(List<string?>? Terms) : IValidatable
{
    public const int MaxTerms = 20;
    public const int MaxTermLength = 32;

    /// <summary>The terms as the search reads them.</summary>
    public IReadOnlyList<string> Normalized => Terms!.Select(t => SearchText.Normalize(t!.Trim())).ToList();

    public void Validate(FieldErrors errors)
    {
        if (Terms is null || Terms.Count < 2 || Terms.Count > MaxTerms)
        {
            errors.Add("terms", $"must have 2 to {MaxTerms} terms.");
            return;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Terms.Count; i++)
        {
            var field = $"terms[{i}]";
            errors.Required(field, Terms[i], MaxTermLength, TextKind.Name);
            if (string.IsNullOrWhiteSpace(Terms[i]) || Terms[i]!.Length > MaxTermLength)
            {
                continue;
            }

            var normalized = SearchText.Normalize(Terms[i]!.Trim());
            if (SearchText.Words(normalized) is not [var word] || word.Word != normalized)
            {
                errors.Add(field, $"must be one word as the search splits text; it reads {string.Join(" | ", SearchText.Words(normalized).Select(w => w.Word))}.");
            }
            else if (!seen.TryAdd(normalized, i))
            {
                errors.Add(field, $"repeats terms[{seen[normalized]}].");
            }
        }
    }
}
