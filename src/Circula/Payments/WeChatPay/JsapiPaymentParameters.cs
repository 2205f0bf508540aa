using System.Text.Json.Serialization;

namespace Circula.Payments.WeChatPay;

/// <summary>
/// What the mini program passes to <c>wx.requestPayment</c> (appId is not passed there but is line 1 of the signed
/// text). paySign is SHA256withRSA with the merchant key over <c>appId\ntimeStamp\nnonceStr\npackage\n</c>.
/// Made by <see cref="WeChatPayRequestSigner.SignJsapiPayment"/>; JSON names are the front end's camelCase.
/// </summary>
public sealed record JsapiPaymentParameters(
    [property: JsonPropertyName("appId")] string AppId,
    [property: JsonPropertyName("timeStamp")] string TimeStamp,
    [property: JsonPropertyName("nonceStr")] string NonceStr,
    [property: JsonPropertyName("package")] string Package,
    [property: JsonPropertyName("signType")] string SignType,
    [property: JsonPropertyName("paySign")] string PaySign)
{
    public const string PackagePrefix = "prepay_id=";
    public const string RsaSignType = "RSA";

    public static string Message(string appId, string timeStamp, string nonceStr, string package) =>
        $"{appId}\n{timeStamp}\n{nonceStr}\n{package}\n";
}
