using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Circula.Payments.WeChatPay;

namespace Circula.Tests.Payments.WeChatPay;

/// <summary>Response and callback signatures: the official callback (vector f) verifies; every tampering does not.</summary>
public sealed class WeChatPaySignatureVerifierTests : IDisposable
{
    private const string PublicKeyId = "PUB_KEY_ID_0114232134912410000000000000";

    private readonly RSA _certificateKey;
    private readonly RSA _publicKey = RSA.Create(2048);

    public WeChatPaySignatureVerifierTests()
    {
        using var certificate = X509Certificate2.CreateFromPem(WeChatPayVectors.CallbackCertificate);
        _certificateKey = certificate.GetRSAPublicKey()!;
    }

    public void Dispose()
    {
        _certificateKey.Dispose();
        _publicKey.Dispose();
    }

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(WeChatPayVectors.CallbackBody);

    private static WeChatPaySignatureHeaders VectorHeaders => new(WeChatPayVectors.CallbackTimestamp, WeChatPayVectors.CallbackNonce,
        WeChatPayVectors.CallbackSignature, WeChatPayVectors.CallbackSerial);

    private WeChatPaySignatureVerifier Verifier(long now) => new(WeChatPayVerificationKeys.Of(new Dictionary<string, RSA>(StringComparer.OrdinalIgnoreCase)
    {
        [WeChatPayVectors.CallbackSerial] = _certificateKey,
        [PublicKeyId] = _publicKey,
    }), WeChatPayTestKit.ClockAt(now));

    private WeChatPayVerificationFailure VerifyVector(WeChatPaySignatureHeaders headers, byte[]? body = null, long now = WeChatPayVectors.CallbackNow) =>
        Verifier(now).Verify(headers, body ?? Body).Failure;

    [Fact]
    public void The_official_callback_verifies_with_its_platform_certificate()
    {
        var result = Verifier(WeChatPayVectors.CallbackNow).Verify(VectorHeaders, Body);

        Assert.True(result.IsValid);
        Assert.Equal("valid", result.Code);
    }

    [Fact]
    public void A_body_changed_by_one_byte_is_signature_invalid()
    {
        var tampered = Encoding.UTF8.GetBytes(WeChatPayVectors.CallbackBody.Replace("签约成功", "签约失败", StringComparison.Ordinal));
        var reserialized = Encoding.UTF8.GetBytes(WeChatPayVectors.CallbackBody.Replace("\",\"", "\", \"", StringComparison.Ordinal));

        Assert.Equal(WeChatPayVerificationFailure.SignatureInvalid, VerifyVector(VectorHeaders, tampered));
        Assert.Equal(WeChatPayVerificationFailure.SignatureInvalid, VerifyVector(VectorHeaders, reserialized));
        Assert.Equal("signature_invalid", Verifier(WeChatPayVectors.CallbackNow).Verify(VectorHeaders, tampered).Code);
    }

    [Fact]
    public void A_changed_nonce_timestamp_or_signature_is_signature_invalid()
    {
        Assert.Equal(WeChatPayVerificationFailure.SignatureInvalid, VerifyVector(VectorHeaders with { Nonce = "EcZ9Cmy4Xyx1i6RlJQzLcCyEqDa26NBZ" }));
        Assert.Equal(WeChatPayVerificationFailure.SignatureInvalid, VerifyVector(VectorHeaders with { Timestamp = "1624523845" }));
        var signature = Convert.FromBase64String(WeChatPayVectors.CallbackSignature);
        signature[^1] ^= 1;
        Assert.Equal(WeChatPayVerificationFailure.SignatureInvalid, VerifyVector(VectorHeaders with { Signature = Convert.ToBase64String(signature) }));
        Assert.Equal(WeChatPayVerificationFailure.SignatureInvalid, VerifyVector(VectorHeaders with { Signature = "not base64!" }));
    }

    [Fact]
    public void A_signature_probe_from_wechat_pay_fails()
    {
        var probe = VectorHeaders with { Signature = "WECHATPAY/SIGNTEST/" + WeChatPayVectors.CallbackSignature };

        Assert.Equal(WeChatPayVerificationFailure.SignatureInvalid, VerifyVector(probe));
    }

    [Fact]
    public void A_serial_with_no_configured_key_is_unknown_serial()
    {
        var result = Verifier(WeChatPayVectors.CallbackNow).Verify(VectorHeaders with { Serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1" }, Body);

        Assert.Equal(WeChatPayVerificationFailure.UnknownSerial, result.Failure);
        Assert.Equal("unknown_serial", result.Code);
    }

    [Fact]
    public void The_right_signature_under_another_configured_serial_is_signature_invalid()
    {
        Assert.Equal(WeChatPayVerificationFailure.SignatureInvalid, VerifyVector(VectorHeaders with { Serial = PublicKeyId }));
    }

    [Theory]
    [InlineData(-6 * 60)]
    [InlineData(6 * 60)]
    [InlineData(-5 * 60)]
    [InlineData(5 * 60)]
    public void A_timestamp_5_minutes_or_more_from_now_is_timestamp_expired(int offsetSeconds)
    {
        // offset > 0: the callback is that old; offset < 0: it claims to come from the future.
        var result = Verifier(WeChatPayVectors.CallbackNow + offsetSeconds).Verify(VectorHeaders, Body);

        Assert.Equal(WeChatPayVerificationFailure.TimestampExpired, result.Failure);
        Assert.Equal("timestamp_expired", result.Code);
    }

    [Theory]
    [InlineData(-299)]
    [InlineData(299)]
    public void A_timestamp_within_5_minutes_is_accepted(int offsetSeconds) =>
        Assert.Equal(WeChatPayVerificationFailure.None, VerifyVector(VectorHeaders, now: WeChatPayVectors.CallbackNow + offsetSeconds));

    [Fact]
    public void Missing_headers_a_non_numeric_timestamp_and_a_foreign_signature_type_are_refused()
    {
        Assert.Equal(WeChatPayVerificationFailure.HeadersMissing, VerifyVector(VectorHeaders with { Signature = null }));
        Assert.Equal(WeChatPayVerificationFailure.HeadersMissing, VerifyVector(VectorHeaders with { Serial = "" }));
        Assert.Equal(WeChatPayVerificationFailure.HeadersMissing, VerifyVector(VectorHeaders with { Nonce = null }));
        Assert.Equal(WeChatPayVerificationFailure.TimestampExpired, VerifyVector(VectorHeaders with { Timestamp = "1624523846000" }));
        Assert.Equal(WeChatPayVerificationFailure.TimestampExpired, VerifyVector(VectorHeaders with { Timestamp = "-1624523846" }));
        Assert.Equal(WeChatPayVerificationFailure.SignatureTypeUnsupported, VerifyVector(VectorHeaders with { SignatureType = "WECHATPAY2-SM2-WITH-SM3" }));
        Assert.Equal(WeChatPayVerificationFailure.None, VerifyVector(VectorHeaders with { SignatureType = "WECHATPAY2-SHA256-RSA2048" }));
    }

    [Fact]
    public void A_response_signed_with_the_wechat_pay_public_key_verifies_under_its_key_id_including_an_empty_204_body()
    {
        var now = WeChatPayVectors.CallbackNow;
        var body = """{"prepay_id":"wx26112221580621e9b071c00d9e093b0000"}"""u8.ToArray();
        var headers = WeChatPayTestKit.SignAsWeChatPay(_publicKey, PublicKeyId, now, "nonce-for-public-key-mode", body);
        var empty = WeChatPayTestKit.SignAsWeChatPay(_publicKey, PublicKeyId, now, "nonce-for-204", []);

        Assert.Equal(WeChatPayVerificationFailure.None, Verifier(now).Verify(headers, body).Failure);
        Assert.Equal(WeChatPayVerificationFailure.None, Verifier(now).Verify(empty, []).Failure);
        Assert.Equal(WeChatPayVerificationFailure.SignatureInvalid, Verifier(now).Verify(empty, "{}"u8).Failure);
        Assert.Equal(WeChatPayVerificationFailure.SignatureInvalid, Verifier(now).Verify(headers with { Serial = WeChatPayVectors.CallbackSerial }, body).Failure);
    }
}
