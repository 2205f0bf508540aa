using System.Globalization;
using Circula.Payments.Contracts;
using Circula.Payments.WeChatPay;

namespace Circula.Payments.Endpoints;

/// <summary>
/// A payment as its owner sees it; <see cref="Jsapi"/> is what the mini program passes to wx.requestPayment, <see cref="CodeQrPng"/>
/// the QR image of a pending Native payment's <see cref="CodeUrl"/> (a PNG data URL), <see cref="PayUrl"/> the signed Alipay gateway
/// URL to send the buyer's browser to (signed afresh on every read); <see cref="Refund"/> the money going back, when there is a refund.
/// </summary>
public sealed record PaymentView(string Id, string OrderId, string Provider, string Channel, string Status, long AmountFen, string OutTradeNo,
    string? CodeUrl, string? CodeQrPng, JsapiPaymentParameters? Jsapi, string? PayUrl, DateTime CreatedAt, DateTime? SucceededAt, RefundView? Refund = null)
{
    public static readonly PaymentView Example = new("7214567890987654321", "7214567890123456789", WeChatPayProvider.Name, WeChatPayProvider.Native, "pending",
        2590, "P7214567890987654321", "weixin://wxpay/bizpayurl?pr=sbxP7214567890987654321", "data:image/png;base64,iVBORw0KGgo…", null, null,
        new DateTime(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc), null);

    public static readonly PaymentView RefundedExample = Example with
    {
        Status = "succeeded", CodeUrl = null, SucceededAt = new DateTime(2026, 6, 1, 8, 1, 0, DateTimeKind.Utc),
        Refund = new RefundView("7214567899876543210", "R7214567899876543210", Payments.Refund.OrderRefunded, "succeeded", 2590,
            new DateTime(2026, 6, 2, 9, 0, 0, DateTimeKind.Utc), new DateTime(2026, 6, 2, 9, 0, 5, DateTimeKind.Utc)),
    };

    public static PaymentView From(PaymentRead read)
    {
        var p = read.Payment;
        return new(IdText(p.Id), IdText(p.OrderId), p.Provider, p.Channel, Camel(p.Status.ToString()), p.AmountFen, p.OutTradeNo, p.CodeUrl,
            p is { Status: PaymentStatus.Pending, CodeUrl: { } codeUrl } ? PaymentQrCode.PngDataUrl(codeUrl) : null, read.Client.Jsapi, read.Client.PayUrl,
            p.CreatedAt, p.SucceededAt, read.Refund is null ? null : RefundView.From(read.Refund));
    }

    internal static string IdText(long id) => id.ToString(CultureInfo.InvariantCulture);

    internal static string Camel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}

/// <summary>
/// A payment's refund: status requested | processing (the provider took it) | succeeded (the money is back) | failed (an
/// operator refunds by hand); reason paid_after_cancel or order_refunded.
/// </summary>
public sealed record RefundView(string Id, string OutRefundNo, string Reason, string Status, long AmountFen, DateTime CreatedAt, DateTime? SucceededAt)
{
    public static RefundView From(Refund r) =>
        new(PaymentView.IdText(r.Id), r.OutRefundNo, r.Reason, PaymentView.Camel(r.Status.ToString()), r.AmountFen, r.CreatedAt, r.SucceededAt);
}
