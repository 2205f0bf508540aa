using System.Text.Json.Serialization;

namespace Circula.Payments.WeChatPay;

/// <summary>
/// A payment as WeChat Pay reports it: the decrypted resource of <c>TRANSACTION.SUCCESS</c> and the answer to an
/// order query. Only <c>trade_state</c> SUCCESS means paid; check amount and out_trade_no against the own order.
/// </summary>
public sealed record WeChatPayTransaction(
    [property: JsonPropertyName("appid")] string AppId,
    [property: JsonPropertyName("mchid")] string MchId,
    string OutTradeNo,
    string TradeState,
    string? TransactionId = null,
    string? TradeType = null,
    string? TradeStateDesc = null,
    string? BankType = null,
    string? Attach = null,
    DateTimeOffset? SuccessTime = null,
    WeChatPayTransactionPayer? Payer = null,
    WeChatPayTransactionAmount? Amount = null)
{
    public const string Success = "SUCCESS";
    public const string Refund = "REFUND";
    public const string NotPay = "NOTPAY";
    public const string Closed = "CLOSED";
    public const string Revoked = "REVOKED";
    public const string UserPaying = "USERPAYING";
    public const string PayError = "PAYERROR";
}

public sealed record WeChatPayTransactionPayer([property: JsonPropertyName("openid")] string? OpenId = null);

/// <summary>Fen: <see cref="Total"/> is the order amount, <see cref="PayerTotal"/> what the payer paid after discounts.</summary>
public sealed record WeChatPayTransactionAmount(long Total, long? PayerTotal = null, string? Currency = null, string? PayerCurrency = null);
