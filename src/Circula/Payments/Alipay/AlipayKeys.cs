using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Circula.Payments.Alipay;

/// <summary>
/// The application's private key (signs requests) and Alipay's public key (verifies responses and notifications),
/// parsed once on first use and kept as DER. Each operation imports its own <see cref="RSA"/>, so concurrent requests
/// never share one. Using the keys while Alipay is disabled is a programming error and throws.
/// </summary>
public sealed class AlipayKeys(IOptions<AlipayOptions> options)
{
    private readonly Lazy<(byte[] Pkcs8, byte[] SubjectPublicKeyInfo)> _keys = new(() => Read(options.Value));

    /// <summary>The base64 RSA2 signature of <paramref name="content"/> with the application's key.</summary>
    public string Sign(string content)
    {
        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(_keys.Value.Pkcs8, out _);
        return AlipaySigner.Sign(content, rsa);
    }

    /// <summary>Whether Alipay signed <paramref name="content"/>.</summary>
    public bool IsSignedByAlipay(ReadOnlySpan<byte> content, string? signature)
    {
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(_keys.Value.SubjectPublicKeyInfo, out _);
        return AlipaySigner.Verify(content, signature, rsa);
    }

    private static (byte[], byte[]) Read(AlipayOptions options)
    {
        if (!options.Enabled)
        {
            throw new InvalidOperationException($"Alipay is disabled ({AlipayOptions.Section}:Enabled=false); its keys are not available.");
        }

        // The options validator has already parsed both at start, so failures here mean the validator was bypassed.
        using var privateKey = AlipayKeyReader.TryReadPrivateKey(options.AppPrivateKey, out var privateError)
            ?? throw new InvalidOperationException($"{AlipayOptions.Section}:AppPrivateKey {privateError}.");
        using var publicKey = AlipayKeyReader.TryReadPublicKey(options.AlipayPublicKey, out var publicError)
            ?? throw new InvalidOperationException($"{AlipayOptions.Section}:AlipayPublicKey {publicError}.");
        return (privateKey.ExportPkcs8PrivateKey(), publicKey.ExportSubjectPublicKeyInfo());
    }
}
