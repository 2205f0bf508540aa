using System.Text;
using Microsoft.Extensions.Options;

namespace Circula.Payments.Alipay;

/// <summary>
/// Checks an asynchronous notification (notify_url, form-encoded; the HTTP edge decodes the form into fields, each sent
/// once): Alipay's RSA2 signature over every field but <c>sign</c> and <c>sign_type</c> (RSACheckV1), and then that it is
/// about the trade the caller expects. Answers with reason codes, never exceptions; nothing in a notification is to be
/// trusted before <see cref="Verify"/> passes.
/// </summary>
public sealed class AlipayNotificationVerifier(AlipayKeys keys, IOptions<AlipayOptions> options)
{
    public AlipayCheck Verify(IReadOnlyDictionary<string, string> fields)
    {
        if (!fields.TryGetValue("sign", out var signature) || string.IsNullOrEmpty(signature))
        {
            return AlipayCheck.Failed(AlipayCheck.MissingSignature);
        }

        if (!fields.TryGetValue("sign_type", out var signType) || signType != AlipaySigner.SignType)
        {
            return AlipayCheck.Failed(AlipayCheck.UnsupportedSignType);
        }

        var content = AlipaySignContent.Build(fields!, AlipaySignContent.NotificationExclusions);
        return keys.IsSignedByAlipay(Encoding.UTF8.GetBytes(content), signature, fields.GetValueOrDefault("alipay_cert_sn")) ? AlipayCheck.Passed : AlipayCheck.Failed(AlipayCheck.SignatureInvalid);
    }

    /// <summary>After <see cref="Verify"/>: is it for this application, this order and this amount?</summary>
    public AlipayCheck CheckTrade(IReadOnlyDictionary<string, string> fields, string expectedOutTradeNo, long expectedTotalFen) =>
        CheckTrade(fields, options.Value.AppId ?? "", expectedOutTradeNo, expectedTotalFen);

    public static AlipayCheck CheckTrade(IReadOnlyDictionary<string, string> fields, string expectedAppId, string expectedOutTradeNo, long expectedTotalFen)
    {
        if (string.IsNullOrEmpty(expectedAppId) || fields.GetValueOrDefault("app_id") != expectedAppId)
        {
            return AlipayCheck.Failed(AlipayCheck.AppIdMismatch);
        }

        if (string.IsNullOrEmpty(expectedOutTradeNo) || fields.GetValueOrDefault("out_trade_no") != expectedOutTradeNo)
        {
            return AlipayCheck.Failed(AlipayCheck.OutTradeNoMismatch);
        }

        if (!AlipayAmount.TryParseFen(fields.GetValueOrDefault("total_amount"), out var totalFen))
        {
            return AlipayCheck.Failed(AlipayCheck.AmountInvalid);
        }

        return totalFen == expectedTotalFen ? AlipayCheck.Passed : AlipayCheck.Failed(AlipayCheck.AmountMismatch);
    }
}
