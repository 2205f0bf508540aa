using Circula.Shared;
using Circula.Shared.Ids;
using Circula.Shared.Results;

namespace Circula.Uploads.Contracts;

/// <summary>A request's list of upload ids (a weighing's <c>photoIds</c>, a listing's <c>imageIds</c>): its rules, and the uploads it names.</summary>
public static class UploadIds
{
    /// <summary>At most <paramref name="max"/> ids, each a string of digits, none twice; errors under <paramref name="field"/> and <c>field[i]</c>.</summary>
    public static void Validate(FieldErrors errors, string field, IReadOnlyList<string>? ids, int max)
    {
        if (ids is { Count: var count } && count > max)
        {
            errors.Add(field, $"takes at most {max} images.");
        }

        var seen = new HashSet<long>();
        for (var i = 0; i < (ids?.Count ?? 0); i++)
        {
            if (DigitId.Parse(ids![i]) is not { } id)
            {
                errors.Add($"{field}[{i}]", "must be an upload id (a string of digits).");
            }
            else if (!seen.Add(id))
            {
                errors.Add($"{field}[{i}]", "repeats an earlier image.");
            }
        }
    }

    /// <summary>The ids as numbers, in order (after <see cref="Validate"/> has passed).</summary>
    public static IReadOnlyList<long> Numbers(IReadOnlyList<string>? ids) => (ids ?? []).Select(p => DigitId.Parse(p) ?? 0).ToList();

    /// <summary>The uploads <paramref name="ids"/> name, in their order, when each is one <paramref name="owner"/> uploaded; else 422 naming each other one.</summary>
    public static async Task<Result<IReadOnlyList<UploadRef>>> OwnedInOrderAsync(this IUploads uploads, long? owner, IReadOnlyList<long> ids, string field,
        CancellationToken ct)
    {
        var owned = ids.Count == 0 || owner is not { } user ? new Dictionary<long, UploadRef>() : await uploads.FindOwnedAsync(user, ids, ct);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            if (!owned.ContainsKey(ids[i]))
            {
                errors[$"{field}[{i}]"] = ["is not an image you uploaded."];
            }
        }

        return errors.Count > 0 ? DomainError.Validation(errors) : ids.Select(id => owned[id]).ToList();
    }
}
