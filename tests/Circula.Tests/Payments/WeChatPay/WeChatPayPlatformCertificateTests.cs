using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Circula.Payments.WeChatPay;
using Circula.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Circula.Tests.Payments.WeChatPay;

/// <summary>
/// Platform-certificate mode with downloads: <c>/v3/certificates</c> from the loopback peer, decrypted with the APIv3
/// key and verified before any answer signed with a downloaded certificate is believed; tampered or foreign lists add
/// nothing; expired certificates verify nothing; a new certificate is picked up at the next refresh.
/// </summary>
public sealed class WeChatPayPlatformCertificateTests : IAsyncLifetime
{
    private readonly WeChatPayPeerFixture _fixture = new();
    private readonly ManualClock _clock = new();
    private ServiceProvider _services = null!;

    private WeChatPayPeer Peer => _fixture.Peer;

    public async Task InitializeAsync()
    {
        await _fixture.InitializeAsync();
        _services = _fixture.CreateServices(Peer.MerchantKey.ExportPkcs8PrivateKeyPem(), _clock, overrides: new Dictionary<string, string?>
        {
            ["WeChatPayPublicKeyId"] = null,
            ["WeChatPayPublicKey"] = null,
            ["DownloadPlatformCertificates"] = "true",
            ["PlatformCertificateRefreshInterval"] = "00:01:00",
        });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _fixture.DisposeAsync();
    }

    private WeChatPayClient Client => _services.GetRequiredService<WeChatPayClient>();

    private WeChatPayVerificationKeys Keys => _services.GetRequiredService<WeChatPayVerificationKeys>();

    private Task<bool> DownloadAsync()
    {
        using var scope = _services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<WeChatPayPlatformCertificateDownload>().DownloadIfDueAsync(CancellationToken.None);
    }

    /// <summary>A platform certificate with its private key, valid from an hour ago until <paramref name="lifetime"/> from now.</summary>
    private (X509Certificate2 Certificate, RSA Key) PlatformCertificate(TimeSpan lifetime)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Tenpay.com Root CA test platform, O=Tenpay.com, C=CN", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = _clock.GetUtcNow();
        return (request.CreateSelfSigned(now.AddHours(-1), now + lifetime), key);
    }

    private void SignAnswersWith((X509Certificate2 Certificate, RSA Key) platform) => Peer.AnswerSigner = (platform.Certificate.SerialNumber, platform.Key);

    [Fact]
    public async Task Downloaded_certificates_are_decrypted_and_verified_before_an_answer_signed_with_one_is_believed()
    {
        var platform = PlatformCertificate(TimeSpan.FromDays(365));
        Peer.PlatformCertificates.Enqueue(platform.Certificate);
        SignAnswersWith(platform);

        var before = await Client.QueryByOutTradeNoAsync("PC-before", CancellationToken.None);
        Assert.Equal(WeChatPayErrorKind.Unverified, before.Error?.Kind);
        Assert.Equal("unknown_serial", before.Error?.Code);

        Assert.True(await DownloadAsync());
        Assert.Null(Assert.Single(Peer.Calls, c => c.Target == WeChatPayClient.CertificatesPath).Rejection);
        Assert.True((await Client.QueryByOutTradeNoAsync("PC-after", CancellationToken.None)).Succeeded);

        // Not due again before the refresh interval.
        Assert.False(await DownloadAsync());
        Assert.Single(Peer.Calls, c => c.Target == WeChatPayClient.CertificatesPath);
    }

    [Fact]
    public async Task A_list_that_does_not_decrypt_or_that_a_stranger_signed_adds_nothing()
    {
        var platform = PlatformCertificate(TimeSpan.FromDays(365));
        Peer.PlatformCertificates.Enqueue(platform.Certificate);
        SignAnswersWith(platform);
        Peer.TamperCertificateList = true;
        Assert.False(await DownloadAsync());
        Assert.Empty(Keys.Serials);

        Peer.TamperCertificateList = false;
        using var stranger = RSA.Create(2048);
        Peer.AnswerSigner = (platform.Certificate.SerialNumber, stranger);
        Assert.False(await DownloadAsync());
        Assert.Empty(Keys.Serials);
        Assert.Null(Keys.DownloadedAt);
    }

    [Fact]
    public async Task A_new_certificate_is_picked_up_at_the_next_refresh_and_an_expired_one_verifies_nothing()
    {
        var old = PlatformCertificate(TimeSpan.FromMinutes(3));
        Peer.PlatformCertificates.Enqueue(old.Certificate);
        var alreadyExpired = PlatformCertificate(TimeSpan.FromMinutes(-30));
        Peer.PlatformCertificates.Enqueue(alreadyExpired.Certificate);
        SignAnswersWith(old);
        Assert.True(await DownloadAsync());
        Assert.Equal([old.Certificate.SerialNumber], Keys.Serials);

        var next = PlatformCertificate(TimeSpan.FromDays(365));
        Peer.PlatformCertificates.Enqueue(next.Certificate);
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await DownloadAsync());
        Assert.Equal(2, Keys.Serials.Count);

        _clock.Advance(TimeSpan.FromMinutes(2));
        var expired = await Client.QueryByOutTradeNoAsync("PC-old-cert", CancellationToken.None);
        Assert.Equal("certificate_expired", expired.Error?.Code);
        Assert.Equal(WeChatPayErrorKind.Unverified, expired.Error?.Kind);

        SignAnswersWith(next);
        Assert.True((await Client.QueryByOutTradeNoAsync("PC-new-cert", CancellationToken.None)).Succeeded);
    }

    [Fact]
    public void Downloading_is_a_way_to_have_keys_and_its_interval_is_bounded()
    {
        Assert.True(_services.GetRequiredService<IOptions<WeChatPayOptions>>().Value.DownloadPlatformCertificates);

        var options = new WeChatPayOptionsValidator().Validate(null, new WeChatPayOptions
        {
            Enabled = true, MchId = WeChatPayPeer.MchId, AppId = WeChatPayPeer.AppId, MerchantSerialNumber = WeChatPayPeer.MerchantSerial,
            MerchantPrivateKey = Peer.MerchantKey.ExportPkcs8PrivateKeyPem(), ApiV3Key = WeChatPayPeer.ApiV3Key,
            NotifyUrl = "https://shop.example.com/api/v1/payments/wechatpay/notify", DownloadPlatformCertificates = true,
            PlatformCertificateRefreshInterval = TimeSpan.FromSeconds(10),
        });
        Assert.Contains("PlatformCertificateRefreshInterval", options.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("needs a key", options.FailureMessage, StringComparison.Ordinal);
    }
}
