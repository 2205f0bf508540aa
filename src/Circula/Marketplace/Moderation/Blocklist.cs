using System.Text;
using Circula.Data;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Marketplace.Moderation;

/// <summary>Where a blocked word comes from: the configuration (Circula:Marketplace:BlockedWords) or an operator.</summary>
public sealed record BlockedWordEntry(string Word, bool Configured, DateTime? CreatedAt);

/// <summary>A word for the blocklist, as an operator types it.</summary>
public sealed record BlockedWordRequest(string? Word) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Required("word", Word, 32);
        if (Word is not null && Blocklist.Normalize(Word).Length == 0)
        {
            errors.Add("word", "must have a character that is not white space.");
        }
    }
}

/// <summary>
/// The keyword blocklist: the configured words and the operators' own. A listing's title and description are checked
/// case-insensitively with white space ignored, so "加 微 信" is found as 加微信; what is found flags the listing for
/// operators (it is never published without review) and is shown to them in the moderation queue.
/// </summary>
public sealed class Blocklist(CirculaDbContext db, IOptions<MarketplaceOptions> options, TimeProvider clock)
{
    public const string ConfiguredWord = "configured_word";

    public static string Normalize(string text)
    {
        var normalized = new StringBuilder(text.Length);
        foreach (var c in text.Where(c => !char.IsWhiteSpace(c)))
        {
            normalized.Append(char.ToLowerInvariant(c));
        }

        return normalized.ToString();
    }

    public async Task<IReadOnlyList<BlockedWordEntry>> ListAsync(CancellationToken ct)
    {
        var configured = options.Value.ConfiguredWords;
        var added = await db.Set<BlockedWord>().AsNoTracking().OrderBy(w => w.CreatedAt).ThenBy(w => w.Word).ToListAsync(ct);
        return [.. configured.Select(w => new BlockedWordEntry(w, true, null)),
            .. added.Where(w => !configured.Contains(w.Word)).Select(w => new BlockedWordEntry(w.Word, false, w.CreatedAt))];
    }

    /// <summary>The blocked words in <paramref name="texts"/>, in list order.</summary>
    public async Task<IReadOnlyList<string>> FindInAsync(CancellationToken ct, params string[] texts)
    {
        var text = Normalize(string.Concat(texts.Select(t => t + "\n")));
        return (await ListAsync(ct)).Select(w => w.Word).Where(w => text.Contains(w, StringComparison.Ordinal)).ToList();
    }

    /// <summary>Adds a word; adding one that is there already changes nothing (so parallel adds agree).</summary>
    public async Task<BlockedWordEntry> AddAsync(string word, long operatorId, CancellationToken ct)
    {
        var normalized = Normalize(word);
        await db.ExecuteAsync("INSERT INTO marketplace_blocked_words (word, added_by, created_at) VALUES (@word, @by, @now) ON CONFLICT (word) DO NOTHING",
            ct, ("word", normalized), ("by", operatorId), ("now", clock.GetUtcNow().UtcDateTime));
        return (await ListAsync(ct)).First(w => w.Word == normalized);
    }

    /// <summary>Removes an operator's word; a configured one is changed in the configuration, not here.</summary>
    public async Task<Result<string>> RemoveAsync(string word, CancellationToken ct)
    {
        var normalized = Normalize(word);
        if (options.Value.ConfiguredWords.Contains(normalized))
        {
            return DomainError.Conflict(ConfiguredWord, $"\"{normalized}\" is configured (Circula:Marketplace:BlockedWords); remove it from the configuration.");
        }

        return await db.ExecuteAsync("DELETE FROM marketplace_blocked_words WHERE word = @word", ct, ("word", normalized)) == 0
            ? DomainError.NotFound("Blocked word")
            : normalized;
    }
}
