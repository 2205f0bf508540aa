using Circula.Shared;

namespace Circula.Notifications.Outbound;

/// <summary>A target URL as stored: encrypted, with the scheme and host kept apart for operators to recognise it.</summary>
public sealed record ProtectedUrl(string Protected, string Hint);

/// <summary>Checks a target URL given in a request (absolute, http(s), past the <see cref="TargetGuard"/>) and protects it for storage.</summary>
public sealed class TargetUrls(TargetGuard guard, PiiProtector protector)
{
    public const int MaxLength = 2000;

    /// <summary>The URL when it may be a target, else null with the reason added to <paramref name="errors"/> under <paramref name="field"/>.</summary>
    public async Task<Uri?> CheckAsync(string? url, string field, FieldErrors errors, CancellationToken ct)
    {
        if (url is null || url.Length > MaxLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            errors.Add(field, $"must be an absolute URL of at most {MaxLength} characters.");
            return null;
        }

        if (await guard.RefusalAsync(uri, ct) is { } refusal)
        {
            errors.Add(field, refusal);
            return null;
        }

        return uri;
    }

    public ProtectedUrl Protect(Uri url) => new(protector.Encrypt(url.AbsoluteUri), $"{url.Scheme}://{url.Authority}");
}
