using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Circula.Payments.Alipay;

/// <summary>What certificate mode adds to every request: the application's and the root chain's serial numbers.</summary>
public sealed record AlipayCertificateSerials(string AppCertSn, string AlipayRootCertSn);

/// <summary>
/// The application's private key (signs requests) and Alipay's public keys (verify responses and notifications),
/// parsed once on first use and kept as DER. In public-key mode Alipay has one key; in certificate mode each Alipay
/// certificate's key is found by its serial number (<c>alipay_cert_sn</c>), so a rotation works with both configured.
/// Each operation imports its own <see cref="RSA"/>, so concurrent requests never share one. Using the keys while
/// Alipay is disabled is a programming error and throws.
/// </summary>
public sealed class AlipayKeys(IOptions<AlipayOptions> options)
{
    private readonly Lazy<KeyMaterial> _keys = new(() => KeyMaterial.Read(options.Value));

    /// <summary>Null in public-key mode.</summary>
    public AlipayCertificateSerials? CertificateSerials => _keys.Value.Serials;

    /// <summary>The base64 RSA2 signature of <paramref name="content"/> with the application's key.</summary>
    public string Sign(string content)
    {
        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(_keys.Value.Pkcs8, out _);
        return AlipaySigner.Sign(content, rsa);
    }

    /// <summary>
    /// Whether Alipay signed <paramref name="content"/>: with the certificate named by <paramref name="alipayCertSn"/>
    /// in certificate mode (the first configured one when the message names none).
    /// </summary>
    public bool IsSignedByAlipay(ReadOnlySpan<byte> content, string? signature, string? alipayCertSn = null)
    {
        if (_keys.Value.AlipayKeyFor(alipayCertSn) is not { } key)
        {
            return false;
        }

        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(key, out _);
        return AlipaySigner.Verify(content, signature, rsa);
    }

    /// <summary>False when certificate mode is on and no configured Alipay certificate has this serial number.</summary>
    public bool KnowsAlipayCertificate(string? alipayCertSn) => _keys.Value.AlipayKeyFor(alipayCertSn) is not null;

    private sealed record KeyMaterial(byte[] Pkcs8, IReadOnlyDictionary<string, byte[]> AlipayKeysBySerial, byte[] DefaultAlipayKey,
        AlipayCertificateSerials? Serials)
    {
        public byte[]? AlipayKeyFor(string? serial) =>
            Serials is null || string.IsNullOrEmpty(serial) ? DefaultAlipayKey : AlipayKeysBySerial.GetValueOrDefault(serial);

        public static KeyMaterial Read(AlipayOptions options)
        {
            if (!options.Enabled)
            {
                throw new InvalidOperationException($"Alipay is disabled ({AlipayOptions.Section}:Enabled=false); its keys are not available.");
            }

            // The options validator has already checked everything at start, so failures here mean it was bypassed.
            using var privateKey = AlipayKeyReader.TryReadPrivateKey(options.AppPrivateKey, out var privateError)
                ?? throw new InvalidOperationException($"{AlipayOptions.Section}:AppPrivateKey {privateError}.");
            if (!options.CertificateMode)
            {
                using var publicKey = AlipayKeyReader.TryReadPublicKey(options.AlipayPublicKey, out var publicError)
                    ?? throw new InvalidOperationException($"{AlipayOptions.Section}:AlipayPublicKey {publicError}.");
                var spki = publicKey.ExportSubjectPublicKeyInfo();
                return new(privateKey.ExportPkcs8PrivateKey(), new Dictionary<string, byte[]>(), spki, null);
            }

            var app = Certificates(options.AppCertificate, nameof(AlipayOptions.AppCertificate)).First(AlipayCertificates.IsEndEntity);
            var alipay = Certificates(options.AlipayCertificate, nameof(AlipayOptions.AlipayCertificate)).Where(AlipayCertificates.IsEndEntity)
                .Select(c => (Serial: AlipayCertificates.SerialNumberOf(c), Key: c.GetRSAPublicKey()!.ExportSubjectPublicKeyInfo())).ToList();
            var root = Certificates(options.AlipayRootCertificate, nameof(AlipayOptions.AlipayRootCertificate));
            var serials = new AlipayCertificateSerials(AlipayCertificates.SerialNumberOf(app), AlipayCertificates.RootChainSerialNumberOf(root));
            return new(privateKey.ExportPkcs8PrivateKey(), alipay.ToDictionary(c => c.Serial, c => c.Key, StringComparer.Ordinal), alipay[0].Key, serials);
        }

        private static IReadOnlyList<X509Certificate2> Certificates(string? configured, string setting) =>
            AlipayCertificates.TryRead(configured, out var error) ?? throw new InvalidOperationException($"{AlipayOptions.Section}:{setting} {error}.");
    }
}
