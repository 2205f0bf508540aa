using System.Security.Cryptography;
using System.Text;

namespace Circula.Payments.Alipay;

/// <summary>
/// RSA2, Alipay's only accepted sign type here: SHA256withRSA, PKCS#1 v1.5 padding, over the UTF-8 bytes of the sign
/// content, base64-encoded. RSA instances are safe for concurrent signing and verifying as long as the key is not
/// replaced, which these keys never are.
/// </summary>
public static class AlipaySigner
{
    public const string SignType = "RSA2";

    public static string Sign(string content, RSA privateKey) =>
        Convert.ToBase64String(privateKey.SignData(Encoding.UTF8.GetBytes(content), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static bool Verify(string content, string? signature, RSA publicKey) =>
        Verify(Encoding.UTF8.GetBytes(content), signature, publicKey);

    /// <summary>False for a wrong signature and for one that is not base64 at all.</summary>
    public static bool Verify(ReadOnlySpan<byte> content, string? signature, RSA publicKey)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var bytes = new byte[signature.Length];
        return Convert.TryFromBase64String(signature, bytes, out var length) &&
            publicKey.VerifyData(content, bytes.AsSpan(0, length), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}
