using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Circula.Payments.WeChatPay;

namespace Circula.Tests.Payments.WeChatPay;

/// <summary>Request signatures and paySign reproduce the official vectors (test-vectors.md §A a–d) exactly.</summary>
public sealed class WeChatPayRequestSignerTests
{
    private const string MchId = "1900007291";
    private const string Serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";

    private static WeChatPayRequestSigner VectorSigner(RSA key) =>
        new(new WeChatPayMerchant(MchId, Serial, key), WeChatPayTestKit.ClockAt(WeChatPayVectors.Timestamp), new FixedNonce(WeChatPayVectors.Nonce));

    [Fact]
    public void The_jsapi_prepay_request_signature_and_authorization_header_match_vector_d()
    {
        using var key = WeChatPayTestKit.VectorKey();
        var signed = VectorSigner(key).SignRequest("POST", "/v3/pay/transactions/jsapi", WeChatPayVectors.JsapiPrepayBody);

        Assert.Equal(WeChatPayVectors.JsapiPrepaySignature, signed.Signature);
        Assert.Equal(WeChatPayVectors.Timestamp, signed.Timestamp);
        Assert.Equal(WeChatPayVectors.Nonce, signed.Nonce);
        Assert.Equal(
            $"WECHATPAY2-SHA256-RSA2048 mchid=\"1900007291\",nonce_str=\"593BEC0C930BF1AFEB40B4A08C8FB242\",signature=\"{WeChatPayVectors.JsapiPrepaySignature}\"," +
            $"timestamp=\"1554208460\",serial_no=\"{Serial}\"",
            signed.Authorization);
    }

    [Fact]
    public void The_signed_message_has_five_lines_each_ending_in_a_line_feed_even_for_an_empty_body()
    {
        // The official example string of the "签名生成" page.
        Assert.Equal("GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n",
            WeChatPayRequestSigner.RequestMessage("get", "/v3/certificates", 1554208460, "593BEC0C930BF1AFEB40B4A08C8FB242", ""));
        Assert.Equal("POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n" + WeChatPayVectors.JsapiPrepayBody + "\n",
            WeChatPayRequestSigner.RequestMessage("POST", "/v3/pay/transactions/jsapi", WeChatPayVectors.Timestamp, WeChatPayVectors.Nonce, WeChatPayVectors.JsapiPrepayBody));
    }

    [Fact]
    public void A_jsapi_prepay_request_serializes_to_the_official_sample_body_byte_for_byte()
    {
        var request = new JsapiPrepayRequest("wxd678efh567hg6787", "1900007291", "Image形象店-深圳腾大-QQ公仔", "1217752501201407033233368018",
            "https://www.weixin.qq.com/wxpay/pay.php", new WeChatPayOrderAmount(100), new WeChatPayPayer("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"));

        var json = JsonSerializer.Serialize(request, WeChatPayJson.Options);

        Assert.Equal(WeChatPayVectors.JsapiPrepayBody, json);
        Assert.Equal(Encoding.UTF8.GetBytes(WeChatPayVectors.JsapiPrepayBody), Encoding.UTF8.GetBytes(json));
    }

    [Fact]
    public void The_mini_program_pay_sign_matches_the_official_vector_b()
    {
        using var key = WeChatPayTestKit.VectorKey();
        var parameters = VectorSigner(key).SignJsapiPayment(WeChatPayVectors.AppId, WeChatPayVectors.PrepayId);

        Assert.Equal(new JsapiPaymentParameters(WeChatPayVectors.AppId, "1554208460", WeChatPayVectors.Nonce,
            "prepay_id=wx201410272009395522657a690389285100", "RSA", WeChatPayVectors.PaySign), parameters);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(parameters, JsonSerializerOptions.Web));
        Assert.Equal(["appId", "timeStamp", "nonceStr", "package", "signType", "paySign"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(WeChatPayVectors.PaySign, json.RootElement.GetProperty("paySign").GetString());
    }

    [Fact]
    public void The_app_sign_over_the_bare_prepay_id_matches_the_official_vector_c()
    {
        using var key = WeChatPayTestKit.VectorKey();
        var message = $"{WeChatPayVectors.AppId}\n{WeChatPayVectors.Timestamp}\n{WeChatPayVectors.Nonce}\n{WeChatPayVectors.PrepayId}\n";

        Assert.Equal(WeChatPayVectors.AppSign, VectorSigner(key).Sign(message));
    }

    [Fact]
    public void A_different_body_gives_a_different_signature()
    {
        using var key = WeChatPayTestKit.VectorKey();
        var tampered = WeChatPayVectors.JsapiPrepayBody.Replace("\"total\":100", "\"total\":1", StringComparison.Ordinal);

        Assert.NotEqual(WeChatPayVectors.JsapiPrepaySignature, VectorSigner(key).SignRequest("POST", "/v3/pay/transactions/jsapi", tampered).Signature);
    }

    [Fact]
    public void Random_nonces_are_32_alphanumeric_characters_and_differ()
    {
        var source = new RandomWeChatPayNonceSource();
        var nonces = Enumerable.Range(0, 20).Select(_ => source.NextNonce()).ToList();

        Assert.All(nonces, n => Assert.Matches("^[0-9a-zA-Z]{32}$", n));
        Assert.Equal(nonces.Count, nonces.Distinct(StringComparer.Ordinal).Count());
    }
}
