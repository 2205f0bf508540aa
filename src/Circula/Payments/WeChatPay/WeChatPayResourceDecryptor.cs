using System.Security.Cryptography;
using System.Text;

namespace Circula.Payments.WeChatPay;

public enum WeChatPayDecryptionFailure
{
    None,
    AlgorithmUnsupported,
    ResourceMalformed,
    AuthenticationFailed,
}

/// <summary>The plaintext of an encrypted resource, or why there is none.</summary>
public sealed record WeChatPayDecryption(string? Plaintext, WeChatPayDecryptionFailure Failure)
{
    public bool Succeeded => Failure == WeChatPayDecryptionFailure.None;

    public string Code => Failure switch
    {
        WeChatPayDecryptionFailure.None => "decrypted",
        WeChatPayDecryptionFailure.AlgorithmUnsupported => "algorithm_unsupported",
        WeChatPayDecryptionFailure.ResourceMalformed => "resource_malformed",
        WeChatPayDecryptionFailure.AuthenticationFailed => "decryption_failed",
        _ => throw new ArgumentOutOfRangeException(nameof(Failure), Failure, null),
    };

    internal static WeChatPayDecryption Failed(WeChatPayDecryptionFailure failure) => new(null, failure);
}

/// <summary>
/// Decrypts callback resources (and platform certificates): AEAD_AES_256_GCM with the APIv3 key, the UTF-8 nonce and
/// associated data, and base64 ciphertext whose last 16 bytes are the tag. Tampering is a failed result.
/// </summary>
public sealed class WeChatPayResourceDecryptor
{
    public const string Algorithm = "AEAD_AES_256_GCM";
    private const int TagLength = 16;
    private const int NonceLength = 12;

    private readonly byte[] _key;

    /// <summary>Production keys are 32 bytes (checked in the options); AES-GCM also takes 16 and 24, as SDK test vectors use.</summary>
    public WeChatPayResourceDecryptor(byte[] apiV3Key)
    {
        if (apiV3Key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException($"An AES key has 16, 24 or 32 bytes, not {apiV3Key.Length}.", nameof(apiV3Key));
        }

        _key = apiV3Key.ToArray();
    }

    public WeChatPayDecryption Decrypt(WeChatPayEncryptedResource resource) =>
        resource.Algorithm != Algorithm
            ? WeChatPayDecryption.Failed(WeChatPayDecryptionFailure.AlgorithmUnsupported)
            : Decrypt(resource.Ciphertext, resource.AssociatedData ?? "", resource.Nonce);

    public WeChatPayDecryption Decrypt(string? ciphertext, string associatedData, string? nonce)
    {
        var nonceBytes = Encoding.UTF8.GetBytes(nonce ?? "");
        var data = new byte[ciphertext?.Length ?? 0];
        if (nonceBytes.Length != NonceLength || !Convert.TryFromBase64String(ciphertext ?? "", data, out var length) || length < TagLength)
        {
            return WeChatPayDecryption.Failed(WeChatPayDecryptionFailure.ResourceMalformed);
        }

        var plaintext = new byte[length - TagLength];
        try
        {
            using var aes = new AesGcm(_key, TagLength);
            aes.Decrypt(nonceBytes, data.AsSpan(0, plaintext.Length), data.AsSpan(plaintext.Length, TagLength), plaintext, Encoding.UTF8.GetBytes(associatedData));
        }
        catch (AuthenticationTagMismatchException)
        {
            return WeChatPayDecryption.Failed(WeChatPayDecryptionFailure.AuthenticationFailed);
        }

        return new WeChatPayDecryption(Encoding.UTF8.GetString(plaintext), WeChatPayDecryptionFailure.None);
    }
}
