using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Circula.Payments.Alipay;

/// <summary>What the buyer is asked to pay: the order's number at Circula, the amount in fen and the subject shown.</summary>
/// <param name="TimeExpire">Optional absolute deadline for payment (sent as Beijing time).</param>
/// <param name="QuitUrl">Wap pay only: where "cancel" in Alipay's page leads back to (the configured <c>QuitUrl</c> when null).</param>
/// <param name="NotifyUrl">Overrides the configured notify URL (a stand-in's is this server's own address).</param>
public sealed record AlipayPayment(string OutTradeNo, long TotalFen, string Subject, DateTimeOffset? TimeExpire = null, string? QuitUrl = null,
    string? NotifyUrl = null);

/// <summary>
/// Builds the signed GET URLs for <c>alipay.trade.wap.pay</c> (mobile browsers) and <c>alipay.trade.page.pay</c>
/// (desktop): the buyer's browser is sent there, and Alipay reports the result to <c>notify_url</c>.
/// </summary>
public sealed class AlipayPayRequestBuilder(AlipayKeys keys, IOptions<AlipayOptions> options, TimeProvider time)
{
    public const string WapPayMethod = "alipay.trade.wap.pay";
    public const string PagePayMethod = "alipay.trade.page.pay";
    public const string WapPayProductCode = "QUICK_WAP_WAY";
    public const string PagePayProductCode = "FAST_INSTANT_TRADE_PAY";

    public Uri WapPayUrl(AlipayPayment payment) => Build(WapPayMethod, WapPayProductCode, payment);

    public Uri PagePayUrl(AlipayPayment payment) => Build(PagePayMethod, PagePayProductCode, payment);

    private Uri Build(string method, string productCode, AlipayPayment payment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(payment.OutTradeNo);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payment.OutTradeNo.Length, 64);
        ArgumentException.ThrowIfNullOrWhiteSpace(payment.Subject);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payment.Subject.Length, 256);

        var biz = new JsonObject
        {
            ["out_trade_no"] = payment.OutTradeNo,
            ["total_amount"] = AlipayAmount.FormatYuan(payment.TotalFen),
            ["subject"] = payment.Subject,
            ["product_code"] = productCode,
        };
        if (payment.TimeExpire is { } expire)
        {
            biz["time_expire"] = AlipayGateway.Timestamp(expire);
        }

        var o = options.Value;
        if (method == WapPayMethod && (payment.QuitUrl ?? o.QuitUrl) is { Length: > 0 } quitUrl)
        {
            biz["quit_url"] = quitUrl;
        }

        var parameters = AlipayGateway.SignedParameters(keys, o, time.GetUtcNow(), method, AlipayGateway.BizContent(biz), payment.NotifyUrl ?? o.NotifyUrl, o.ReturnUrl);
        return AlipayGateway.WithQuery(o.GatewayUrl, AlipayGateway.UrlEncode(parameters));
    }
}
