using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Circula.Shared;

/// <summary>
/// Encrypts personal data for storage (AES-256-GCM) and hashes it for lookups (HMAC-SHA256). A stored value is
/// base64 of <c>version(1) | nonce(12) | ciphertext | tag(16)</c>; the version byte leaves room for key rotation.
/// </summary>
public sealed class PiiProtector
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _encryptionKey;
    private readonly byte[] _hashKey;

    public PiiProtector(IOptions<PiiOptions> options)
    {
        // HKDF turns a configured key of any length >= 32 bytes into exactly the 32 bytes AES-256 needs.
        _encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(options.Value.EncryptionKey!), 32,
            info: "circula-pii-aes-gcm-v1"u8.ToArray());
        _hashKey = Convert.FromBase64String(options.Value.HashKey!);
    }

    public string Encrypt(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[1 + NonceSize + plain.Length + TagSize];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(1 + NonceSize, plain.Length), output.AsSpan(output.Length - TagSize));
        return Convert.ToBase64String(output);
    }

    /// <summary>Throws <see cref="CryptographicException"/> when the value was altered or made with another key.</summary>
    public string Decrypt(string stored)
    {
        var input = Convert.FromBase64String(stored);
        if (input.Length < 1 + NonceSize + TagSize || input[0] != Version)
        {
            throw new CryptographicException("The protected value has an unknown format or version.");
        }

        var cipherLength = input.Length - 1 - NonceSize - TagSize;
        var plain = new byte[cipherLength];
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Decrypt(input.AsSpan(1, NonceSize), input.AsSpan(1 + NonceSize, cipherLength), input.AsSpan(input.Length - TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Keyed hash of the trimmed value: equal inputs give equal hashes, but without the key nobody can test guesses.</summary>
    public string Hash(string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(value.Trim())));
}

public static class PiiProtectionExtensions
{
    /// <summary>Registers <see cref="PiiProtector"/> with its keys validated at start; safe to call from several modules.</summary>
    public static IServiceCollection AddPiiProtection(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(PiiProtector)))
        {
            return services;
        }

        services.AddOptions<PiiOptions>().BindConfiguration(PiiOptions.Section)
            .PostConfigure<IHostEnvironment, IOptions<CirculaOptions>>((o, env, circula) =>
            {
                o.EncryptionKey = DevelopmentSecrets.FillIfDevelopment(o.EncryptionKey, "pii-encryption.key", env, circula.Value.DataDirectory);
                o.HashKey = DevelopmentSecrets.FillIfDevelopment(o.HashKey, "pii-hash.key", env, circula.Value.DataDirectory);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PiiOptions>, PiiOptionsValidator>());
        services.AddSingleton<PiiProtector>();
        return services;
    }
}
