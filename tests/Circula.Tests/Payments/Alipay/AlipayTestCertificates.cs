using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Circula.Tests.Payments.Alipay;

/// <summary>
/// Certificate mode's files made by the openssl command line, shaped like Alipay's: an RSA root and an ECDSA root in
/// one chain file (only RSA roots count), an intermediate CA, the application's certificate over
/// <see cref="AlipayTestKeys.App"/>, Alipay's over <see cref="AlipayTestKeys.Alipay"/> followed by the intermediate (as
/// Alipay's download is), and a next Alipay certificate over <see cref="NextAlipayKey"/> for a rotation. Leaves are
/// valid 2025-2035. The serial numbers are computed here from openssl's own printout, independently of the code
/// under test.
/// </summary>
public sealed partial class AlipayTestCertificates
{
    private static readonly Lazy<AlipayTestCertificates> Shared = new(() => new AlipayTestCertificates());

    public static AlipayTestCertificates Instance => Shared.Value;

    public static RSA NextAlipayKey { get; } = RSA.Create(2048);

    public string AppCertificate { get; }
    public string AlipayCertificate { get; }
    public string NextAlipayCertificate { get; }
    public string RootChain { get; }
    public string AppCertSn { get; }
    public string AlipayCertSn { get; }
    public string NextAlipayCertSn { get; }
    public string RootCertSn { get; }

    private readonly string _folder = Directory.CreateTempSubdirectory("circula-alipay-certs-").FullName;

    private AlipayTestCertificates()
    {
        Openssl("req -x509 -newkey rsa:2048 -nodes -sha256 -days 7300 -keyout root.key -out root.crt -subj \"/C=CN/O=Circula Test/OU=Certification Authority/CN=Circula Test Root R1\"");
        Openssl("req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7300 -keyout ec.key -out ec.crt -subj \"/C=CN/O=Circula Test/CN=Circula Test Root E1\"");
        Openssl("req -new -newkey rsa:2048 -nodes -keyout ca.key -out ca.csr -subj \"/C=CN/O=Circula Test/OU=Certification Authority/CN=Circula Test Class 2 R1\"");
        File.WriteAllText(Path.Combine(_folder, "ca.ext"), "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
        Openssl("x509 -req -in ca.csr -CA root.crt -CAkey root.key -set_serial 0x62c4abe5b280325f -days 7000 -sha256 -extfile ca.ext -out ca.crt");
        File.WriteAllText(Path.Combine(_folder, "index.txt"), "");
        File.WriteAllText(Path.Combine(_folder, "ca.cnf"), """
            [ca]
            default_ca = test
            [test]
            database = index.txt
            new_certs_dir = .
            certificate = ca.crt
            private_key = ca.key
            serial = serial
            default_md = sha256
            policy = any
            unique_subject = no
            x509_extensions = leaf
            [any]
            commonName = supplied
            countryName = optional
            organizationName = optional
            organizationalUnitName = optional
            [leaf]
            basicConstraints = CA:FALSE
            keyUsage = critical, digitalSignature, nonRepudiation
            """);
        AppCertificate = Leaf("app", AlipayTestKeys.App, "20260101a1b2c3d4e5f60718293a4b5c", "/C=CN/O=循环测试/OU=Alipay/CN=2088000000000001-" + AlipayTestKeys.AppId);
        var alipayLeaf = Leaf("alipay", AlipayTestKeys.Alipay, "20260101e63c2fe04d538716fe21358b", "/C=CN/O=Alipay Test/OU=Alipay/CN=Alipay Test 2088000000000001");
        var nextLeaf = Leaf("next", NextAlipayKey, "20270101e63c2fe04d538716fe210001", "/C=CN/O=Alipay Test/OU=Alipay/CN=Alipay Test 2088000000000001");
        var intermediate = Read("ca.crt");
        AlipayCertificate = alipayLeaf + intermediate;
        NextAlipayCertificate = nextLeaf;
        RootChain = Read("ec.crt") + Read("root.crt");

        AppCertSn = SerialNumber("app.crt");
        AlipayCertSn = SerialNumber("alipay.crt");
        NextAlipayCertSn = SerialNumber("next.crt");
        RootCertSn = SerialNumber("root.crt");
    }

    private string Leaf(string name, RSA key, string serialHex, string subject)
    {
        File.WriteAllText(Path.Combine(_folder, name + ".key"), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(_folder, "serial"), serialHex + "\n");
        Openssl($"req -new -key {name}.key -utf8 -out {name}.csr -subj \"{subject}\"");
        Openssl($"ca -batch -config ca.cnf -utf8 -notext -startdate 250101000000Z -enddate 351231000000Z -in {name}.csr -out {name}.crt");
        return Read(name + ".crt");
    }

    /// <summary>MD5 over openssl's RFC 2253 issuer (UTF-8 kept) and the decimal serial: Alipay's rule, computed apart.</summary>
    private string SerialNumber(string file)
    {
        var printed = Openssl($"x509 -in {file} -noout -issuer -serial -nameopt RFC2253,-esc_msb");
        var issuer = IssuerLine().Match(printed).Groups[1].Value.Trim();
        var serial = System.Numerics.BigInteger.Parse("0" + SerialLine().Match(printed).Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(issuer + serial.ToString(CultureInfo.InvariantCulture))));
    }

    private string Read(string file) => File.ReadAllText(Path.Combine(_folder, file));

    private string Openssl(string arguments)
    {
        var info = new ProcessStartInfo("openssl", arguments)
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("openssl could not be started; ./test.sh installs it");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"openssl {arguments} failed ({process.ExitCode}): {errors.Result}");
    }

    [GeneratedRegex("^issuer=(.*)$", RegexOptions.Multiline)]
    private static partial Regex IssuerLine();

    [GeneratedRegex("^serial=([0-9A-Fa-f]+)$", RegexOptions.Multiline)]
    private static partial Regex SerialLine();
}
