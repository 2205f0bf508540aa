using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Circula.Payments.WeChatPay;

namespace Circula.Tests.Payments.WeChatPay;

/// <summary>Callbacks are verified, then parsed, then decrypted into typed payment and refund resources.</summary>
public sealed class WeChatPayNotificationReaderTests : IDisposable
{
    private const string PublicKeyId = "PUB_KEY_ID_0114232134912410000000000000";
    private const string ApiV3Key = "0123456789abcdefghijklmnopqrstuv";
    private const long Now = 1750000000;

    private readonly RSA _platformKey = RSA.Create(2048);

    public void Dispose() => _platformKey.Dispose();

    private WeChatPayNotificationReader Reader(long now = Now) =>
        new(new WeChatPaySignatureVerifier(WeChatPayVerificationKeys.Of(new Dictionary<string, RSA> { [PublicKeyId] = _platformKey }), WeChatPayTestKit.ClockAt(now)),
            new WeChatPayResourceDecryptor(Encoding.ASCII.GetBytes(ApiV3Key)));

    /// <summary>A callback as WeChat Pay would send it: the resource encrypted with the APIv3 key, the body signed.</summary>
    private (WeChatPaySignatureHeaders Headers, byte[] Body) Callback(string eventType, string originalType, string plaintext, string key = ApiV3Key)
    {
        const string nonce = "Kj7QIyUiYx1q";
        var data = Encoding.UTF8.GetBytes(plaintext);
        var sealedData = new byte[data.Length + 16];
        using (var aes = new AesGcm(Encoding.ASCII.GetBytes(key), 16))
        {
            aes.Encrypt(Encoding.ASCII.GetBytes(nonce), data, sealedData.AsSpan(0, data.Length), sealedData.AsSpan(data.Length), Encoding.ASCII.GetBytes(originalType));
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            id = "EV-2018022511223320873",
            create_time = "2025-06-15T23:06:40+08:00",
            resource_type = "encrypt-resource",
            event_type = eventType,
            summary = "支付成功",
            resource = new { original_type = originalType, algorithm = "AEAD_AES_256_GCM", ciphertext = Convert.ToBase64String(sealedData), associated_data = originalType, nonce },
        });
        return (WeChatPayTestKit.SignAsWeChatPay(_platformKey, PublicKeyId, Now, "callback-nonce-0001", body), body);
    }

    private const string PaidTransaction = """
        {"mchid":"1900007291","appid":"wxd678efh567hg6787","out_trade_no":"1217752501201407033233368018","transaction_id":"1217752501201407033233368018",
         "trade_type":"JSAPI","trade_state":"SUCCESS","trade_state_desc":"支付成功","bank_type":"CMC","attach":"",
         "success_time":"2025-06-15T23:06:40+08:00","payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},
         "amount":{"total":9007199254740993,"payer_total":9007199254740993,"currency":"CNY","payer_currency":"CNY"}}
        """;

    [Fact]
    public void The_official_callback_verifies_and_decrypts_to_its_plaintext()
    {
        using var certificate = X509Certificate2.CreateFromPem(WeChatPayVectors.CallbackCertificate);
        using var key = certificate.GetRSAPublicKey()!;
        var reader = new WeChatPayNotificationReader(
            new WeChatPaySignatureVerifier(WeChatPayVerificationKeys.Of(new Dictionary<string, RSA> { [WeChatPayVectors.CallbackSerial] = key }), WeChatPayTestKit.ClockAt(WeChatPayVectors.CallbackNow)),
            new WeChatPayResourceDecryptor(Encoding.ASCII.GetBytes(WeChatPayVectors.CallbackApiV3Key)));
        var headers = new WeChatPaySignatureHeaders(WeChatPayVectors.CallbackTimestamp, WeChatPayVectors.CallbackNonce, WeChatPayVectors.CallbackSignature,
            WeChatPayVectors.CallbackSerial);

        var result = reader.Read(headers, Encoding.UTF8.GetBytes(WeChatPayVectors.CallbackBody));

        Assert.True(result.Accepted, result.FailureCode);
        Assert.Equal(WeChatPayVectors.CallbackPlaintext, result.Plaintext);
        Assert.Equal("PAYSCORE.USER_OPEN_SERVICE", result.Notification!.EventType);
        Assert.Equal("签约成功", result.Notification.Summary);
        Assert.Equal(new DateTimeOffset(2021, 6, 24, 16, 37, 26, TimeSpan.FromHours(8)), result.Notification.CreateTime);
        Assert.Null(result.Transaction);
        Assert.Null(result.Refund);
    }

    [Fact]
    public void A_payment_notification_yields_the_transaction_with_amounts_in_whole_fen()
    {
        var (headers, body) = Callback(WeChatPayNotification.TransactionSuccess, "transaction", PaidTransaction);

        var result = Reader().Read(headers, body);

        Assert.True(result.Accepted, result.FailureCode);
        var transaction = result.Transaction!;
        Assert.Equal(("1900007291", "wxd678efh567hg6787", "1217752501201407033233368018"), (transaction.MchId, transaction.AppId, transaction.OutTradeNo));
        Assert.Equal(WeChatPayTransaction.Success, transaction.TradeState);
        Assert.Equal("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", transaction.Payer!.OpenId);
        Assert.Equal(new WeChatPayTransactionAmount(9007199254740993, 9007199254740993, "CNY", "CNY"), transaction.Amount);
        Assert.Equal(new DateTimeOffset(2025, 6, 15, 15, 6, 40, TimeSpan.Zero), transaction.SuccessTime);
    }

    [Fact]
    public void A_refund_notification_yields_the_refund()
    {
        const string refund = """
            {"mchid":"1900000100","transaction_id":"1008450740201411110005820873","out_trade_no":"20150806125346","refund_id":"50200207182018070300011301001",
             "out_refund_no":"7752501201407033233368018","refund_status":"SUCCESS","success_time":"2018-06-08T10:34:56+08:00",
             "user_received_account":"招商银行信用卡0403","amount":{"total":999,"refund":999,"payer_total":999,"payer_refund":999}}
            """;
        var (headers, body) = Callback(WeChatPayNotification.RefundSuccess, "refund", refund);

        var result = Reader().Read(headers, body);

        Assert.True(result.Accepted, result.FailureCode);
        Assert.Equal("50200207182018070300011301001", result.Refund!.RefundId);
        Assert.Equal(WeChatPayRefund.Success, result.Refund.RefundStatus);
        Assert.Equal(new WeChatPayRefundAmount(999, 999, 999, 999), result.Refund.Amount);
        Assert.Null(result.Transaction);
    }

    [Fact]
    public void A_bad_signature_is_refused_before_anything_is_parsed_or_decrypted()
    {
        var (headers, body) = Callback(WeChatPayNotification.TransactionSuccess, "transaction", PaidTransaction);
        body[^3] = (byte)' ';

        var result = Reader().Read(headers, body);

        Assert.Equal("signature_invalid", result.FailureCode);
        Assert.Null(result.Notification);
        Assert.Equal("timestamp_expired", Reader(Now + 6 * 60).Read(headers, body).FailureCode);
    }

    [Fact]
    public void A_resource_encrypted_with_another_key_is_decryption_failed()
    {
        var (headers, body) = Callback(WeChatPayNotification.TransactionSuccess, "transaction", PaidTransaction, key: "vutsrqponmlkjihgfedcba9876543210");

        var result = Reader().Read(headers, body);

        Assert.Equal("decryption_failed", result.FailureCode);
        Assert.Null(result.Transaction);
    }

    [Theory]
    [InlineData("\"total\":9007199254740993,", "\"total\":12.5,")]
    [InlineData("\"total\":9007199254740993,", "\"total\":\"12\",")]
    [InlineData("\"trade_state\":\"SUCCESS\",", "")]
    public void A_transaction_with_a_fractional_or_quoted_amount_or_without_a_state_is_resource_malformed(string from, string to)
    {
        var (headers, body) = Callback(WeChatPayNotification.TransactionSuccess, "transaction", PaidTransaction.Replace(from, to, StringComparison.Ordinal));

        Assert.Equal(WeChatPayNotificationResult.ResourceMalformed, Reader().Read(headers, body).FailureCode);
    }

    [Fact]
    public void A_signed_body_that_is_not_a_notification_is_notification_malformed()
    {
        var body = """{"id":"EV-1"}"""u8.ToArray();
        var headers = WeChatPayTestKit.SignAsWeChatPay(_platformKey, PublicKeyId, Now, "callback-nonce-0002", body);

        Assert.Equal(WeChatPayNotificationResult.NotificationMalformed, Reader().Read(headers, body).FailureCode);
    }
}
