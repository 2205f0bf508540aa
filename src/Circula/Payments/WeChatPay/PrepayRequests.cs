using System.Text.Json.Serialization;

namespace Circula.Payments.WeChatPay;

/// <summary><c>POST /v3/pay/transactions/jsapi</c> (mini program and official account); property order is the JSON order.</summary>
public sealed record JsapiPrepayRequest(
    [property: JsonPropertyName("appid")] string AppId,
    [property: JsonPropertyName("mchid")] string MchId,
    string Description,
    string OutTradeNo,
    string NotifyUrl,
    WeChatPayOrderAmount Amount,
    WeChatPayPayer Payer,
    DateTimeOffset? TimeExpire = null,
    string? Attach = null);

/// <summary><c>POST /v3/pay/transactions/native</c>: pay by scanning <see cref="NativePrepayResponse.CodeUrl"/>.</summary>
public sealed record NativePrepayRequest(
    [property: JsonPropertyName("appid")] string AppId,
    [property: JsonPropertyName("mchid")] string MchId,
    string Description,
    string OutTradeNo,
    string NotifyUrl,
    WeChatPayOrderAmount Amount,
    DateTimeOffset? TimeExpire = null,
    string? Attach = null);

/// <summary>An order amount in fen; WeChat Pay only takes CNY from a direct merchant.</summary>
public sealed record WeChatPayOrderAmount(long Total, string Currency = WeChatPayOrderAmount.Cny)
{
    public const string Cny = "CNY";
}

public sealed record WeChatPayPayer([property: JsonPropertyName("openid")] string OpenId);

/// <summary>The prepay id is valid for 2 hours; the front end pays with <see cref="JsapiPaymentParameters"/>.</summary>
public sealed record JsapiPrepayResponse(string PrepayId);

public sealed record NativePrepayResponse(string CodeUrl);

/// <summary><c>POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close</c>; WeChat Pay answers a signed 204.</summary>
public sealed record CloseOrderRequest([property: JsonPropertyName("mchid")] string MchId);

/// <summary>What a successful close returns: the order that is now closed.</summary>
public sealed record WeChatPayOrderClosed(string OutTradeNo);
