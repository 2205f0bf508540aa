using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Circula.Payments.Alipay;

/// <summary>
/// Certificate mode (公钥证书): reads the certificates Alipay's console hands out and computes the serial numbers
/// Alipay identifies them by, as its SDKs do: the MD5 (lowercase hex) of the issuer's name (attributes from the most
/// specific, <c>CN=…,OU=…,O=…,C=…</c>, no spaces) followed by the serial number in decimal. A root chain's number
/// joins, with <c>_</c>, those of its RSA-signed certificates only: Alipay's root file also holds SM2 and ECDSA roots.
/// </summary>
public static class AlipayCertificates
{
    private const string RsaSignatureOidPrefix = "1.2.840.113549.1.1.";

    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["2.5.4.3"] = "CN", ["2.5.4.6"] = "C", ["2.5.4.7"] = "L", ["2.5.4.8"] = "ST", ["2.5.4.9"] = "STREET",
        ["2.5.4.10"] = "O", ["2.5.4.11"] = "OU", ["0.9.2342.19200300.100.1.25"] = "DC", ["0.9.2342.19200300.100.1.1"] = "UID",
    };

    public static string SerialNumberOf(X509Certificate2 certificate)
    {
        var serial = new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: true, isBigEndian: true);
        var text = IssuerName(certificate.IssuerName) + serial.ToString(CultureInfo.InvariantCulture);
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary><c>alipay_root_cert_sn</c>: empty when the chain holds no RSA-signed certificate.</summary>
    public static string RootChainSerialNumberOf(IEnumerable<X509Certificate2> chain) =>
        string.Join('_', chain.Where(c => c.SignatureAlgorithm.Value?.StartsWith(RsaSignatureOidPrefix, StringComparison.Ordinal) == true)
            .Select(SerialNumberOf));

    /// <summary>An end-entity certificate, not one of the CA certificates a downloaded file may carry after it.</summary>
    public static bool IsEndEntity(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true };

    /// <summary>
    /// Every certificate in the configured PEM text or file, in order; null with <paramref name="error"/> saying what is
    /// wrong (never repeating the text).
    /// </summary>
    public static IReadOnlyList<X509Certificate2>? TryRead(string? configured, out string? error)
    {
        if (AlipayKeyReader.TryReadText(configured, out error) is not { } text)
        {
            return null;
        }

        var certificates = new List<X509Certificate2>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label] is "CERTIFICATE")
            {
                try
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(rest[fields.Base64Data].ToString())));
                }
                catch (CryptographicException)
                {
                    error = $"holds a CERTIFICATE block (number {certificates.Count + 1}) that is not a valid X.509 certificate";
                    return null;
                }
            }

            rest = rest[fields.Location.End..];
        }

        if (certificates.Count == 0)
        {
            error = "holds no PEM CERTIFICATE block (-----BEGIN CERTIFICATE-----)";
            return null;
        }

        return certificates;
    }

    private static string IssuerName(X500DistinguishedName name) =>
        string.Join(',', name.EnumerateRelativeDistinguishedNames(reversed: true).Select(rdn =>
            rdn.HasMultipleElements
                ? throw new InvalidDataException("multi-valued issuer name attributes are not used by Alipay's CAs")
                : $"{ShortNames.GetValueOrDefault(rdn.GetSingleElementType().Value!, rdn.GetSingleElementType().Value!)}={rdn.GetSingleElementValue()}"));
}
