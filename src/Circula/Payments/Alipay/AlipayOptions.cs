using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Circula.Payments.Alipay;

/// <summary>
/// Bound from <c>Circula:Payments:Alipay</c>: the application's identity at Alipay's classic gateway (RSA2), in
/// public-key mode (<see cref="AlipayPublicKey"/>) or certificate mode (公钥证书: <see cref="AppCertificate"/>,
/// <see cref="AlipayCertificate"/>, <see cref="AlipayRootCertificate"/>). Nothing is checked while <see cref="Enabled"/> is false.
/// </summary>
public sealed class AlipayOptions
{
    public const string Section = "Circula:Payments:Alipay";
    public const string ProductionGatewayUrl = "https://openapi.alipay.com/gateway.do";

    public bool Enabled { get; set; }

    /// <summary>The 16-digit APPID from Alipay's open platform console.</summary>
    public string? AppId { get; set; }

    /// <summary>The application's private key: PEM, bare base64 PKCS#8 or PKCS#1, or the path of a file holding one.</summary>
    public string? AppPrivateKey { get; set; }

    /// <summary>Public-key mode: Alipay's public key (not the application's own): PEM, bare base64 SubjectPublicKeyInfo, or a path.</summary>
    public string? AlipayPublicKey { get; set; }

    /// <summary>Certificate mode: the application's public-key certificate (<c>appCertPublicKey_&lt;APPID&gt;.crt</c>), PEM or a path.</summary>
    public string? AppCertificate { get; set; }

    /// <summary>
    /// Certificate mode: Alipay's public-key certificate (<c>alipayCertPublicKey_RSA2.crt</c>), PEM or a path. During a
    /// rotation put the new and the old certificate in one PEM: answers name theirs by <c>alipay_cert_sn</c>.
    /// </summary>
    public string? AlipayCertificate { get; set; }

    /// <summary>Certificate mode: Alipay's root certificate chain (<c>alipayRootCert.crt</c>), PEM or a path.</summary>
    public string? AlipayRootCertificate { get; set; }

    /// <summary>Any certificate setting selects certificate mode; then all three are required and the public key is not.</summary>
    public bool CertificateMode =>
        !string.IsNullOrWhiteSpace(AppCertificate) || !string.IsNullOrWhiteSpace(AlipayCertificate) || !string.IsNullOrWhiteSpace(AlipayRootCertificate);

    public string GatewayUrl { get; set; } = ProductionGatewayUrl;

    /// <summary>Where Alipay posts asynchronous notifications; must be reachable from the internet.</summary>
    public string? NotifyUrl { get; set; }

    /// <summary>Where the buyer's browser returns after page or wap pay; optional.</summary>
    public string? ReturnUrl { get; set; }

    /// <summary>Optional: where "back" on Alipay's mobile (wap) cashier leads the buyer (<c>quit_url</c>); Alipay's default when unset.</summary>
    public string? QuitUrl { get; set; }

    public int TimeoutSeconds { get; set; } = 10;
}

/// <summary>
/// When Alipay is enabled, parses every key and URL once at start and names the variable to fix. Messages describe
/// what is wrong with a key, never its text. A stand-in supplies its own notify URL, so then none is required.
/// </summary>
internal sealed class AlipayOptionsValidator(IAlipayStandIn? standIn = null, TimeProvider? time = null) : IValidateOptions<AlipayOptions>
{
    public ValidateOptionsResult Validate(string? name, AlipayOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AppId) || !options.AppId.All(char.IsAsciiDigit))
        {
            failures.Add($"{Setting("AppId")} must be the APPID from Alipay's console, digits only.");
        }

        using var privateKey = AlipayKeyReader.TryReadPrivateKey(options.AppPrivateKey, out var privateError);
        if (privateKey is null)
        {
            failures.Add($"{Setting("AppPrivateKey")} {privateError}: give the application's RSA2 private key as PEM, bare base64 " +
                "(PKCS#8 or PKCS#1) or the path of a file holding it.");
        }

        if (options.CertificateMode)
        {
            AlipayCertificateModeCheck.Check(options, privateKey, (time ?? TimeProvider.System).GetUtcNow(), failures);
        }
        else
        {
            CheckPublicKey(options, privateKey, failures);
        }

        CheckUrl(options.GatewayUrl, "GatewayUrl", required: true, failures);
        CheckUrl(options.NotifyUrl, "NotifyUrl", required: standIn is null, failures);
        CheckUrl(options.ReturnUrl, "ReturnUrl", required: false, failures);
        CheckUrl(options.QuitUrl, "QuitUrl", required: false, failures);
        if (options.TimeoutSeconds is < 1 or > 60)
        {
            failures.Add($"{Setting("TimeoutSeconds")} must be between 1 and 60.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPublicKey(AlipayOptions options, RSA? privateKey, List<string> failures)
    {
        using var publicKey = AlipayKeyReader.TryReadPublicKey(options.AlipayPublicKey, out var publicError);
        if (publicKey is null)
        {
            failures.Add($"{Setting("AlipayPublicKey")} {publicError}: give the Alipay public key from the console as PEM, bare " +
                "base64 (SubjectPublicKeyInfo) or the path of a file holding it (or, in certificate mode, set AppCertificate, " +
                "AlipayCertificate and AlipayRootCertificate instead).");
        }
        else if (privateKey is not null && AlipayKeyReader.SameKey(publicKey, privateKey))
        {
            failures.Add($"{Setting("AlipayPublicKey")} is the application's own public key; it must be the Alipay public key " +
                "shown next to it in the console.");
        }
    }

    /// <summary>https, or http to a loopback host (test peers and local sandboxes).</summary>
    private static void CheckUrl(string? value, string setting, bool required, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                failures.Add($"{Setting(setting)} is required when Alipay is enabled.");
            }

            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            failures.Add($"{Setting(setting)} must be an absolute https URL (http only for a loopback host).");
        }
    }

    internal static string Setting(string key) => $"{AlipayOptions.Section}:{key} (set Circula__Payments__Alipay__{key})";
}
