using System.Security.Cryptography;

namespace Circula.Payments.Alipay;

/// <summary>
/// Reads the RSA keys Alipay's console hands out: PEM, bare base64 (PKCS#8 or PKCS#1 private keys,
/// SubjectPublicKeyInfo or PKCS#1 public keys), or the path of a file holding either. Errors describe the problem
/// without ever repeating the key.
/// </summary>
public static class AlipayKeyReader
{
    /// <summary>RSA2 needs at least a 2048-bit key, which is what Alipay's key tool generates.</summary>
    public const int MinimumKeySize = 2048;

    /// <summary>The key, or null with <paramref name="error"/> saying what is wrong (without the key's text).</summary>
    public static RSA? TryReadPrivateKey(string? configured, out string? error) =>
        TryRead(configured, isPrivate: true, out error);

    public static RSA? TryReadPublicKey(string? configured, out string? error) =>
        TryRead(configured, isPrivate: false, out error);

    /// <summary>Whether two keys are halves of one pair (or the same public key): the same modulus.</summary>
    public static bool SameKey(RSA a, RSA b) => a.ExportParameters(false).Modulus.AsSpan().SequenceEqual(b.ExportParameters(false).Modulus);

    /// <summary>
    /// The configured text, or the content of the file it names; null with <paramref name="error"/> saying what is wrong.
    /// Environment variables often carry a PEM on one line with literal "\n" escapes: they become line breaks.
    /// </summary>
    internal static string? TryReadText(string? configured, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(configured))
        {
            error = "is missing";
            return null;
        }

        var text = configured.Trim();
        if (!text.StartsWith("-----", StringComparison.Ordinal) && LooksLikePath(text))
        {
            if (!File.Exists(text))
            {
                // The text is not repeated: a garbled key would otherwise end up in the log.
                error = "is neither a key nor the path of an existing file";
                return null;
            }

            try
            {
                text = File.ReadAllText(text).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error = $"names a file that cannot be read ({e.GetType().Name})";
                return null;
            }
        }

        return text.StartsWith("-----", StringComparison.Ordinal) ? text.Replace("\\n", "\n", StringComparison.Ordinal) : text;
    }

    private static RSA? TryRead(string? configured, bool isPrivate, out string? error)
    {
        if (TryReadText(configured, out error) is not { } text)
        {
            return null;
        }

        var rsa = text.StartsWith("-----", StringComparison.Ordinal)
            ? FromPem(text, isPrivate, out error)
            : FromBase64(text, isPrivate, out error);
        if (rsa is not null && rsa.KeySize < MinimumKeySize)
        {
            error = $"is a {rsa.KeySize}-bit key; RSA2 needs at least {MinimumKeySize} bits";
            rsa.Dispose();
            return null;
        }

        return rsa;
    }

    /// <summary>A file name has a dot or a separator that base64 keys cannot have in that place ('.' never; '/' only inside).</summary>
    private static bool LooksLikePath(string text) =>
        text.Contains('.', StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal) || text.StartsWith('/') ||
        text.StartsWith('~') || text.Length < 64;

    private static RSA? FromPem(string pem, bool isPrivate, out string? error)
    {
        var expected = isPrivate ? "PRIVATE KEY" : "PUBLIC KEY";
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            error = "starts like PEM but has no complete -----BEGIN/END----- block";
            return null;
        }

        var label = pem[fields.Label];
        if (label.Contains("ENCRYPTED", StringComparison.Ordinal))
        {
            error = "is an encrypted PEM key; give the key without a passphrase";
            return null;
        }

        if (!label.EndsWith(expected, StringComparison.Ordinal))
        {
            error = $"is a PEM '{label}', expected '{(isPrivate ? "PRIVATE KEY or RSA PRIVATE KEY" : "PUBLIC KEY or RSA PUBLIC KEY")}'" +
                (label == "CERTIFICATE" ? $" (in certificate mode the certificate goes in {nameof(AlipayOptions.AlipayCertificate)} and this setting stays empty)" : "");
            return null;
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            error = null;
            return rsa;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            rsa.Dispose();
            error = $"is a PEM '{label}' block that does not hold an RSA key";
            return null;
        }
    }

    private static RSA? FromBase64(string text, bool isPrivate, out string? error)
    {
        var der = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, der, out var length))
        {
            error = "is neither PEM, base64 nor the path of a key file";
            return null;
        }

        der = der[..length];
        var rsa = RSA.Create();
        Importer[] imports = isPrivate ? [rsa.ImportPkcs8PrivateKey, rsa.ImportRSAPrivateKey] : [rsa.ImportSubjectPublicKeyInfo, rsa.ImportRSAPublicKey];
        if (imports.Any(import => Import(der, import) == der.Length))
        {
            error = null;
            return rsa;
        }

        rsa.Dispose();
        error = isPrivate
            ? "is base64 but not an RSA private key (expected PKCS#8 or PKCS#1 DER)"
            : "is base64 but not an RSA public key (expected SubjectPublicKeyInfo or PKCS#1 DER)";
        return null;
    }

    private delegate void Importer(ReadOnlySpan<byte> source, out int bytesRead);

    /// <summary>Bytes consumed, or -1 when the DER is not this format (the next format is tried).</summary>
    private static int Import(byte[] der, Importer importer)
    {
        try
        {
            importer(der, out var read);
            return read;
        }
        catch (CryptographicException)
        {
            return -1;
        }
    }
}
