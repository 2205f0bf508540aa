using Microsoft.Extensions.Options;

namespace Circula.Shared;

/// <summary>Bound from <c>Circula:Pii</c>: keys protecting personal data (phones, addresses) at rest.</summary>
public sealed class PiiOptions
{
    public const string Section = "Circula:Pii";

    /// <summary>Base64, at least 32 bytes: AES-256-GCM encryption of PII columns. Generated under ./data in Development.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Base64, at least 32 bytes: keyed hash (HMAC-SHA256) used to look PII up without decrypting it.</summary>
    public string? HashKey { get; set; }
}

internal sealed class PiiOptionsValidator : IValidateOptions<PiiOptions>
{
    public ValidateOptionsResult Validate(string? name, PiiOptions options)
    {
        string?[] problems =
        [
            DevelopmentSecrets.CheckBase64Key(options.EncryptionKey, "Pii:EncryptionKey"),
            DevelopmentSecrets.CheckBase64Key(options.HashKey, "Pii:HashKey"),
        ];
        var failures = problems.OfType<string>().ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
