using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Circula.Payments.Alipay;

/// <summary>
/// Start-up checks of certificate mode, each naming the variable to fix: all three files readable, the application's
/// certificate holding the application's key, Alipay's certificate not the application's own, both in date, the root
/// chain holding an RSA root, and no public key configured beside them (one mode or the other, never a guess).
/// </summary>
internal static class AlipayCertificateModeCheck
{
    public static void Check(AlipayOptions options, RSA? privateKey, DateTimeOffset now, List<string> failures)
    {
        if (!string.IsNullOrWhiteSpace(options.AlipayPublicKey))
        {
            failures.Add($"{AlipayOptionsValidator.Setting(nameof(AlipayOptions.AlipayPublicKey))} is for public-key mode; in certificate mode " +
                "Alipay's key comes from AlipayCertificate. Leave it empty, or remove the certificate settings.");
        }

        var app = EndEntity(options.AppCertificate, nameof(AlipayOptions.AppCertificate), "the application's public-key certificate (appCertPublicKey_<APPID>.crt)", now, failures);
        var alipay = EndEntity(options.AlipayCertificate, nameof(AlipayOptions.AlipayCertificate), "Alipay's public-key certificate (alipayCertPublicKey_RSA2.crt)", now, failures);
        if (app is not null && privateKey is not null && !SameKey(app, privateKey))
        {
            failures.Add($"{AlipayOptionsValidator.Setting(nameof(AlipayOptions.AppCertificate))} does not hold the public key of AppPrivateKey: " +
                "give the certificate Alipay issued for this private key.");
        }

        if (app is not null && alipay is not null && app.GetRSAPublicKey() is { } appKey && SameKey(alipay, appKey))
        {
            failures.Add($"{AlipayOptionsValidator.Setting(nameof(AlipayOptions.AlipayCertificate))} is the application's own certificate; it must be " +
                "Alipay's public-key certificate downloaded next to it.");
        }

        var setting = AlipayOptionsValidator.Setting(nameof(AlipayOptions.AlipayRootCertificate));
        if (AlipayCertificates.TryRead(options.AlipayRootCertificate, out var rootError) is not { } root)
        {
            failures.Add($"{setting} {rootError}: give Alipay's root certificate chain (alipayRootCert.crt) as PEM or the path of the file.");
        }
        else if (AlipayCertificates.RootChainSerialNumberOf(root).Length == 0)
        {
            failures.Add($"{setting} holds no RSA-signed certificate; Alipay's root chain (alipayRootCert.crt) has two.");
        }
    }

    private static X509Certificate2? EndEntity(string? configured, string name, string what, DateTimeOffset now, List<string> failures)
    {
        var setting = AlipayOptionsValidator.Setting(name);
        if (AlipayCertificates.TryRead(configured, out var error) is not { } certificates)
        {
            failures.Add($"{setting} {error}: give {what} as PEM or the path of the file.");
            return null;
        }

        var certificate = certificates.FirstOrDefault(AlipayCertificates.IsEndEntity);
        if (certificate?.GetRSAPublicKey() is null)
        {
            failures.Add($"{setting} holds no end-entity RSA certificate: give {what}.");
            return null;
        }

        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            failures.Add($"{setting} is valid from {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd} to {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd} UTC, " +
                "not now: download the current certificate from Alipay's console.");
        }

        return certificate;
    }

    private static bool SameKey(X509Certificate2 certificate, RSA key) =>
        certificate.GetRSAPublicKey() is { } certificateKey && AlipayKeyReader.SameKey(certificateKey, key);
}
