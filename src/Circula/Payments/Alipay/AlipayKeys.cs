using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Circula.Payments.Alipay;

/// <summary>
/// The application's private key (signs requests) and Alipay's public key (verifies responses and notifications),
/// parsed once on first use. Using them while Alipay is disabled is a programming error and throws.
/// </summary>
public sealed class AlipayKeys : IDisposable
{
    private readonly Lazy<(RSA Private, RSA Public)> _keys;

    public AlipayKeys(IOptions<AlipayOptions> options) => _keys = new(() => Read(options.Value));

    /// <summary>Keys already in hand (tests, tools); the instance takes ownership of both.</summary>
    public AlipayKeys(RSA appPrivateKey, RSA alipayPublicKey) => _keys = new((appPrivateKey, alipayPublicKey));

    public RSA AppPrivateKey => _keys.Value.Private;

    public RSA AlipayPublicKey => _keys.Value.Public;

    /// <summary>The base64 RSA2 signature of <paramref name="content"/> with the application's key.</summary>
    public string Sign(string content) => AlipaySigner.Sign(content, AppPrivateKey);

    /// <summary>Whether Alipay signed <paramref name="content"/>.</summary>
    public bool IsSignedByAlipay(ReadOnlySpan<byte> content, string? signature) => AlipaySigner.Verify(content, signature, AlipayPublicKey);

    private static (RSA, RSA) Read(AlipayOptions options)
    {
        if (!options.Enabled)
        {
            throw new InvalidOperationException($"Alipay is disabled ({AlipayOptions.Section}:Enabled=false); its keys are not available.");
        }

        // The options validator has already parsed both at start, so failures here mean the validator was bypassed.
        var privateKey = AlipayKeyReader.TryReadPrivateKey(options.AppPrivateKey, out var privateError)
            ?? throw new InvalidOperationException($"{AlipayOptions.Section}:AppPrivateKey {privateError}.");
        var publicKey = AlipayKeyReader.TryReadPublicKey(options.AlipayPublicKey, out var publicError);
        if (publicKey is null)
        {
            privateKey.Dispose();
            throw new InvalidOperationException($"{AlipayOptions.Section}:AlipayPublicKey {publicError}.");
        }

        return (privateKey, publicKey);
    }

    public void Dispose()
    {
        if (_keys.IsValueCreated)
        {
            _keys.Value.Private.Dispose();
            _keys.Value.Public.Dispose();
        }
    }
}
