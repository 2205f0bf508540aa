using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Circula.Payments.Alipay;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Circula.Tests.Payments.Alipay;

/// <summary>A peer that expects certificate mode: the serial numbers of <see cref="AlipayTestCertificates"/>.</summary>
public sealed class AlipayCertificatePeerFixture : IAsyncLifetime
{
    public static AlipayTestCertificates Certificates => AlipayTestCertificates.Instance;

    public AlipayPeer Peer { get; } = new(AlipayTestKeys.App, AlipayTestKeys.Alipay, new AlipayPeerCertificates(
        Certificates.AppCertSn, Certificates.RootCertSn, Certificates.AlipayCertSn, Certificates.NextAlipayCertSn, AlipayTestCertificates.NextAlipayKey));

    public Task InitializeAsync() => Peer.StartAsync();

    public Task DisposeAsync() => Peer.DisposeAsync().AsTask();

    /// <summary>Certificate-mode settings; <paramref name="alipayCertificate"/> replaces Alipay's certificate file.</summary>
    public ServiceProvider Services(string? alipayCertificate = null) => AlipayPeerFixture.ServicesFor(new Dictionary<string, string?>
    {
        ["AppPrivateKey"] = AlipayTestKeys.AppPrivateKeyBase64,
        ["AppCertificate"] = Certificates.AppCertificate,
        ["AlipayCertificate"] = alipayCertificate ?? Certificates.AlipayCertificate,
        ["AlipayRootCertificate"] = Certificates.RootChain,
        ["GatewayUrl"] = Peer.GatewayUrl,
    });
}

/// <summary>
/// Certificate mode (公钥证书): the serial numbers as Alipay's SDKs compute them (official vectors, and openssl-made
/// certificates checked against openssl's own printout), sent with every request the loopback peer checks, and answers
/// and notifications verified with the certificate they name.
/// </summary>
public sealed class AlipayCertificateModeTests(AlipayCertificatePeerFixture fixture) : IClassFixture<AlipayCertificatePeerFixture>
{
    private static AlipayTestCertificates Certificates => AlipayTestCertificates.Instance;

    private static X509Certificate2 First(string pem) => AlipayCertificates.TryRead(pem, out _)![0];

    [Fact]
    public void Serial_numbers_match_the_official_sdk_vectors()
    {
        var app = Assert.Single(AlipayCertificates.TryRead(AlipayCertificateVectors.AppCertificate, out _)!);
        var alipay = Assert.Single(AlipayCertificates.TryRead(AlipayCertificateVectors.AlipayCertificate, out _)!);
        var root = AlipayCertificates.TryRead(AlipayCertificateVectors.RootCertificate, out _)!;

        Assert.Equal(AlipayCertificateVectors.AppCertSn, AlipayCertificates.SerialNumberOf(app));
        Assert.Equal(AlipayCertificateVectors.AlipayCertSn, AlipayCertificates.SerialNumberOf(alipay));
        Assert.Equal(4, root.Count);
        Assert.Equal(AlipayCertificateVectors.RootCertSn, AlipayCertificates.RootChainSerialNumberOf(root));
        Assert.Equal(AlipayCertificateVectors.AlipayPublicKey, Convert.ToBase64String(alipay.GetRSAPublicKey()!.ExportSubjectPublicKeyInfo()));
    }

    [Fact]
    public void Serial_numbers_of_openssl_made_certificates_match_openssl_s_own_printout()
    {
        Assert.Equal(Certificates.AppCertSn, AlipayCertificates.SerialNumberOf(First(Certificates.AppCertificate)));
        Assert.Equal(Certificates.AlipayCertSn, AlipayCertificates.SerialNumberOf(First(Certificates.AlipayCertificate)));
        Assert.Equal(Certificates.NextAlipayCertSn, AlipayCertificates.SerialNumberOf(First(Certificates.NextAlipayCertificate)));
        // The chain file holds an ECDSA root first: only the RSA root counts.
        Assert.Equal(Certificates.RootCertSn, AlipayCertificates.RootChainSerialNumberOf(AlipayCertificates.TryRead(Certificates.RootChain, out _)!));
    }

    [Fact]
    public async Task Requests_carry_both_serial_numbers_and_the_answer_verifies_with_the_certificate_it_names()
    {
        using var services = fixture.Services();
        var result = await services.GetRequiredService<AlipayClient>().QueryAsync("CM-query-ok", CancellationToken.None);

        Assert.True(result.Succeeded, result.Error?.ToString());
        var (fields, signatureValid) = Assert.Single(fixture.Peer.Calls, c => c.Fields["biz_content"].Contains("\"CM-query-ok\"", StringComparison.Ordinal));
        Assert.True(signatureValid);
        Assert.Equal(Certificates.AppCertSn, fields["app_cert_sn"]);
        Assert.Equal(Certificates.RootCertSn, fields["alipay_root_cert_sn"]);
    }

    [Theory]
    [InlineData("stranger")]
    [InlineData("unknown-cert")]
    [InlineData("wrong-cert")]
    [InlineData("rotated")]
    public async Task An_answer_signed_by_another_key_or_naming_an_unconfigured_certificate_is_not_believed(string outTradeNo)
    {
        using var services = fixture.Services();
        var result = await services.GetRequiredService<AlipayClient>().QueryAsync(outTradeNo, CancellationToken.None);

        Assert.Equal(AlipayError.UnverifiedResponse, result.Error);
    }

    [Fact]
    public async Task During_a_rotation_both_certificates_are_configured_and_each_answer_verifies_with_its_own()
    {
        using var services = fixture.Services(Certificates.AlipayCertificate + Certificates.NextAlipayCertificate);
        var client = services.GetRequiredService<AlipayClient>();

        Assert.True((await client.QueryAsync("rotated", CancellationToken.None)).Succeeded);
        Assert.True((await client.QueryAsync("CM-old-cert", CancellationToken.None)).Succeeded);
        Assert.Equal(AlipayError.UnverifiedResponse, (await client.QueryAsync("wrong-cert", CancellationToken.None)).Error);
    }

    [Fact]
    public void Notifications_verify_with_the_configured_certificate_or_the_one_they_name()
    {
        using var services = fixture.Services(Certificates.AlipayCertificate + Certificates.NextAlipayCertificate);
        var verifier = services.GetRequiredService<AlipayNotificationVerifier>();

        Assert.True(verifier.Verify(Notification(AlipayTestKeys.Alipay, certSn: null)).Succeeded);
        Assert.True(verifier.Verify(Notification(AlipayTestCertificates.NextAlipayKey, Certificates.NextAlipayCertSn)).Succeeded);
        Assert.False(verifier.Verify(Notification(AlipayTestCertificates.NextAlipayKey, certSn: null)).Succeeded);
        Assert.False(verifier.Verify(Notification(AlipayTestKeys.Stranger, Certificates.AlipayCertSn)).Succeeded);
        Assert.False(verifier.Verify(Notification(AlipayTestKeys.Alipay, "0123456789abcdef0123456789abcdef")).Succeeded);
    }

    [Fact]
    public void Pay_urls_carry_both_serial_numbers_under_the_signature()
    {
        using var services = fixture.Services();
        var url = services.GetRequiredService<AlipayPayRequestBuilder>().WapPayUrl(new AlipayPayment("CM-wap", 100, "旧物回收"));

        var query = QueryHelpers.ParseQuery(url.Query).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        Assert.Equal(Certificates.AppCertSn, query["app_cert_sn"]);
        Assert.Equal(Certificates.RootCertSn, query["alipay_root_cert_sn"]);
        Assert.True(AlipaySigner.Verify(AlipaySignContent.Build(query!, AlipaySignContent.RequestExclusions), query["sign"], AlipayTestKeys.App));
    }

    private static Dictionary<string, string> Notification(RSA signer, string? certSn)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["app_id"] = AlipayTestKeys.AppId,
            ["notify_type"] = "trade_status_sync",
            ["out_trade_no"] = "CM-notify",
            ["total_amount"] = "1.00",
            ["trade_status"] = "TRADE_SUCCESS",
        };
        if (certSn is not null)
        {
            fields["alipay_cert_sn"] = certSn;
        }

        fields["sign"] = AlipaySigner.Sign(AlipaySignContent.Build(fields!, AlipaySignContent.NotificationExclusions), signer);
        fields["sign_type"] = "RSA2";
        return fields;
    }
}

/// <summary>A misconfigured certificate mode stops the start with one message per problem, naming the variable.</summary>
public sealed class AlipayCertificateOptionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static AlipayTestCertificates Certificates => AlipayTestCertificates.Instance;

    private static AlipayOptions Options()
    {
        var options = AlipayTestKeys.Options();
        options.AlipayPublicKey = null;
        options.AppCertificate = Certificates.AppCertificate;
        options.AlipayCertificate = Certificates.AlipayCertificate;
        options.AlipayRootCertificate = Certificates.RootChain;
        return options;
    }

    private static string Failure(AlipayOptions options, DateTimeOffset? now = null)
    {
        var result = new AlipayOptionsValidator(time: new FixedClock(now ?? Now)).Validate(null, options);
        Assert.True(result.Failed);
        return result.FailureMessage;
    }

    [Fact]
    public void Complete_certificate_settings_pass_and_files_work_as_well_as_text()
    {
        var options = Options();
        Assert.True(new AlipayOptionsValidator(time: new FixedClock(Now)).Validate(null, options).Succeeded);

        var folder = Directory.CreateTempSubdirectory("circula-alipay-files-").FullName;
        File.WriteAllText(Path.Combine(folder, "appCertPublicKey.crt"), Certificates.AppCertificate);
        options.AppCertificate = Path.Combine(folder, "appCertPublicKey.crt");
        Assert.True(new AlipayOptionsValidator(time: new FixedClock(Now)).Validate(null, options).Succeeded);
        var keys = new AlipayKeys(Microsoft.Extensions.Options.Options.Create(options));
        Assert.Equal(new AlipayCertificateSerials(Certificates.AppCertSn, Certificates.RootCertSn), keys.CertificateSerials);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void One_certificate_setting_asks_for_the_other_two()
    {
        var options = AlipayTestKeys.Options();
        options.AlipayPublicKey = null;
        options.AppCertificate = Certificates.AppCertificate;

        var message = Failure(options);
        Assert.Contains("Circula__Payments__Alipay__AlipayCertificate)", message, StringComparison.Ordinal);
        Assert.Contains("Circula__Payments__Alipay__AlipayRootCertificate", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Circula__Payments__Alipay__AppCertificate", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_public_key_beside_the_certificates_is_refused_rather_than_guessed_at()
    {
        var options = Options();
        options.AlipayPublicKey = AlipayTestKeys.AlipayPublicKeyBase64;
        Assert.Contains("AlipayPublicKey) is for public-key mode", Failure(options), StringComparison.Ordinal);
    }

    [Fact]
    public void Swapped_or_foreign_certificates_are_named()
    {
        var options = Options();
        options.AppCertificate = Certificates.NextAlipayCertificate;
        Assert.Contains("does not hold the public key of AppPrivateKey", Failure(options), StringComparison.Ordinal);

        options = Options();
        options.AlipayCertificate = Certificates.AppCertificate;
        Assert.Contains("is the application's own certificate", Failure(options), StringComparison.Ordinal);
    }

    [Fact]
    public void Expired_certificates_garbled_files_and_a_root_chain_without_rsa_are_explained()
    {
        Assert.Contains("not now: download the current certificate", Failure(Options(), new DateTimeOffset(2036, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            StringComparison.Ordinal);

        var options = Options();
        options.AlipayCertificate = "-----BEGIN PUBLIC KEY-----\n" + AlipayTestKeys.AlipayPublicKeyBase64 + "\n-----END PUBLIC KEY-----";
        options.AlipayRootCertificate = Certificates.RootChain[..Certificates.RootChain.IndexOf("-----END CERTIFICATE-----", StringComparison.Ordinal)] +
            "-----END CERTIFICATE-----";
        var message = Failure(options);
        Assert.Contains("AlipayCertificate) holds no PEM CERTIFICATE block", message, StringComparison.Ordinal);
        Assert.Contains("AlipayRootCertificate) holds no RSA-signed certificate", message, StringComparison.Ordinal);
        Assert.DoesNotContain(AlipayTestKeys.AlipayPublicKeyBase64[..40], message, StringComparison.Ordinal);
    }
}
