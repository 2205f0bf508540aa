using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Circula.Payments.WeChatPay;

/// <summary>One signed request: what was signed, and the <c>Authorization</c> header value that carries it.</summary>
public sealed record WeChatPayRequestSignature(long Timestamp, string Nonce, string Signature, string Authorization);

/// <summary>
/// Signs with the merchant API private key (SHA256withRSA, PKCS#1 v1.5): API requests, as the
/// <c>WECHATPAY2-SHA256-RSA2048</c> Authorization header, and the mini program's <c>wx.requestPayment</c> paySign.
/// </summary>
public sealed class WeChatPayRequestSigner(WeChatPayMerchant merchant, TimeProvider clock, IWeChatPayNonceSource nonces)
{
    public const string AuthorizationScheme = "WECHATPAY2-SHA256-RSA2048";

    /// <summary><c>METHOD\nCANONICAL_URL\nTIMESTAMP\nNONCE\nBODY\n</c>; the body is "" for GET and must be the exact text sent.</summary>
    public static string RequestMessage(string method, string canonicalUrl, long timestamp, string nonce, string body) =>
        $"{method.ToUpperInvariant()}\n{canonicalUrl}\n{timestamp.ToString(CultureInfo.InvariantCulture)}\n{nonce}\n{body}\n";

    /// <summary>Signs a request; <paramref name="canonicalUrl"/> is the encoded path and query exactly as sent.</summary>
    public WeChatPayRequestSignature SignRequest(string method, string canonicalUrl, string body)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var nonce = nonces.NextNonce();
        var signature = Sign(RequestMessage(method, canonicalUrl, timestamp, nonce, body));
        var authorization = $"{AuthorizationScheme} mchid=\"{merchant.MchId}\",nonce_str=\"{nonce}\",signature=\"{signature}\"," +
            $"timestamp=\"{timestamp.ToString(CultureInfo.InvariantCulture)}\",serial_no=\"{merchant.SerialNumber}\"";
        return new WeChatPayRequestSignature(timestamp, nonce, signature, authorization);
    }

    /// <summary>The <c>wx.requestPayment</c> parameters for a prepay id, signed now with a fresh nonce.</summary>
    public JsapiPaymentParameters SignJsapiPayment(string appId, string prepayId)
    {
        var timeStamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonceStr = nonces.NextNonce();
        var package = JsapiPaymentParameters.PackagePrefix + prepayId;
        return new JsapiPaymentParameters(appId, timeStamp, nonceStr, package, JsapiPaymentParameters.RsaSignType,
            Sign(JsapiPaymentParameters.Message(appId, timeStamp, nonceStr, package)));
    }

    /// <summary>Base64 SHA256withRSA (PKCS#1 v1.5) of the UTF-8 message.</summary>
    public string Sign(string message) =>
        Convert.ToBase64String(merchant.PrivateKey.SignData(Encoding.UTF8.GetBytes(message), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
}
