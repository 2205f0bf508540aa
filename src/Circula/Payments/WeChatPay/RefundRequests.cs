namespace Circula.Payments.WeChatPay;

/// <summary><c>POST /v3/refund/domestic/refunds</c>: one of <see cref="TransactionId"/> or <see cref="OutTradeNo"/>, and the merchant's own refund number.</summary>
public sealed record RefundRequest(
    string? TransactionId,
    string? OutTradeNo,
    string OutRefundNo,
    RefundRequestAmount Amount,
    string? Reason = null,
    string? NotifyUrl = null,
    string? FundsAccount = null);

/// <summary>Fen: <see cref="Refund"/> of the order's <see cref="Total"/>; partial refunds are allowed.</summary>
public sealed record RefundRequestAmount(long Refund, long Total, string Currency = WeChatPayOrderAmount.Cny);

/// <summary>A refund as WeChat Pay reports it (the answer to a refund request or query); <see cref="Status"/> is SUCCESS, CLOSED, PROCESSING or ABNORMAL.</summary>
public sealed record WeChatPayRefund(
    string RefundId,
    string OutRefundNo,
    string Status,
    WeChatPayRefundAmount Amount,
    string? TransactionId = null,
    string? OutTradeNo = null,
    string? Channel = null,
    string? UserReceivedAccount = null,
    DateTimeOffset? SuccessTime = null,
    DateTimeOffset? CreateTime = null,
    string? FundsAccount = null)
{
    public const string Success = "SUCCESS";
    public const string Closed = "CLOSED";
    public const string Processing = "PROCESSING";
    public const string Abnormal = "ABNORMAL";
}

/// <summary>Refund amounts in fen; the settlement and discount parts are only in refund answers, not notifications.</summary>
public sealed record WeChatPayRefundAmount(
    long Total,
    long Refund,
    long? PayerTotal = null,
    long? PayerRefund = null,
    long? SettlementRefund = null,
    long? SettlementTotal = null,
    long? DiscountRefund = null,
    string? Currency = null);
