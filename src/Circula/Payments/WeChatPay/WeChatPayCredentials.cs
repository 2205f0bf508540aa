using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Circula.Payments.WeChatPay;

/// <summary>The merchant's signing identity: who signs requests and with which private key.</summary>
public sealed record WeChatPayMerchant(string MchId, string SerialNumber, RSA PrivateKey);

/// <summary>
/// The key material loaded from <see cref="WeChatPayOptions"/>: the merchant signing key, the keys that verify WeChat
/// Pay's signatures by <c>Wechatpay-Serial</c> (the public key id and/or platform certificate serials) and the APIv3 key.
/// </summary>
public sealed class WeChatPayCredentials : IDisposable
{
    private WeChatPayCredentials(WeChatPayMerchant merchant, WeChatPayVerificationKeys verificationKeys, byte[] apiV3Key)
    {
        Merchant = merchant;
        VerificationKeys = verificationKeys;
        ApiV3Key = apiV3Key;
    }

    public WeChatPayMerchant Merchant { get; }

    public WeChatPayVerificationKeys VerificationKeys { get; }

    public byte[] ApiV3Key { get; }

    public void Dispose()
    {
        Merchant.PrivateKey.Dispose();
        VerificationKeys.DisposeKeys();
    }

    /// <summary>Loads everything; the options must already have passed <see cref="WeChatPayOptionsValidator"/>.</summary>
    public static WeChatPayCredentials Load(WeChatPayOptions options)
    {
        if (!options.Enabled)
        {
            throw new InvalidOperationException($"WeChat Pay is not enabled (set {WeChatPayOptions.EnvironmentName(nameof(WeChatPayOptions.Enabled))}=true).");
        }

        var merchant = new WeChatPayMerchant(options.MchId!, options.MerchantSerialNumber!,
            LoadPrivateKey(Text(options.MerchantPrivateKey, options.MerchantPrivateKeyPath)!));
        return new WeChatPayCredentials(merchant, new WeChatPayVerificationKeys(LoadVerificationKeys(options)), Encoding.ASCII.GetBytes(options.ApiV3Key!));
    }

    internal static Dictionary<string, WeChatPayVerificationKey> LoadVerificationKeys(WeChatPayOptions options)
    {
        var keys = new Dictionary<string, WeChatPayVerificationKey>(StringComparer.OrdinalIgnoreCase);
        if (Text(options.WeChatPayPublicKey, options.WeChatPayPublicKeyPath) is { } publicKey)
        {
            keys[options.WeChatPayPublicKeyId!] = new(LoadPublicKey(publicKey));
        }

        foreach (var (serial, pemOrPath) in options.PlatformCertificates)
        {
            keys[serial] = LoadCertificate(serial, pemOrPath);
        }

        return keys;
    }

    /// <summary>The PEM text given inline, else the content of the file at <paramref name="path"/>, else null.</summary>
    internal static string? Text(string? pem, string? path) =>
        !string.IsNullOrWhiteSpace(pem) ? pem : !string.IsNullOrWhiteSpace(path) ? File.ReadAllText(path) : null;

    internal static RSA LoadPrivateKey(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        if (rsa.KeySize < 2048)
        {
            throw new InvalidDataException($"the key has {rsa.KeySize} bits, WeChat Pay uses RSA 2048");
        }

        // ImportFromPem also accepts a public key; signing needs the private part.
        rsa.ExportParameters(includePrivateParameters: true);
        return rsa;
    }

    internal static RSA LoadPublicKey(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa;
    }

    /// <summary>The certificate's public key and expiry; its serial must be the one it is configured under.</summary>
    internal static WeChatPayVerificationKey LoadCertificate(string serial, string pemOrPath)
    {
        var pem = pemOrPath.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal) ? pemOrPath : File.ReadAllText(pemOrPath);
        using var certificate = X509Certificate2.CreateFromPem(pem);
        return VerificationKeyOf(certificate, serial);
    }

    /// <summary>A platform certificate's key, if its serial is <paramref name="serial"/> (leading zeros aside) and it holds RSA.</summary>
    internal static WeChatPayVerificationKey VerificationKeyOf(X509Certificate2 certificate, string serial)
    {
        var actual = certificate.SerialNumber.TrimStart('0');
        if (!string.Equals(actual, serial.TrimStart('0'), StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"the certificate's serial is {actual}, not {serial}");
        }

        var key = certificate.GetRSAPublicKey() ?? throw new InvalidDataException("the certificate does not hold an RSA key");
        return new WeChatPayVerificationKey(key, new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));
    }
}
