using System.Text.Json.Serialization;

namespace Circula.Payments.WeChatPay;

/// <summary>The body WeChat Pay posts to notify_url; the business data is in the encrypted <see cref="Resource"/>.</summary>
public sealed record WeChatPayNotification(
    string Id,
    DateTimeOffset CreateTime,
    string EventType,
    string ResourceType,
    WeChatPayEncryptedResource Resource,
    string? Summary = null)
{
    public const string TransactionSuccess = "TRANSACTION.SUCCESS";
    public const string RefundSuccess = "REFUND.SUCCESS";
    public const string RefundAbnormal = "REFUND.ABNORMAL";
    public const string RefundClosed = "REFUND.CLOSED";
    public const string TransferBillFinished = "MCHTRANSFER.BILL.FINISHED";

    [JsonIgnore]
    public bool IsTransaction => EventType.StartsWith("TRANSACTION.", StringComparison.Ordinal);

    [JsonIgnore]
    public bool IsRefund => EventType.StartsWith("REFUND.", StringComparison.Ordinal);

    [JsonIgnore]
    public bool IsTransfer => EventType.StartsWith("MCHTRANSFER.", StringComparison.Ordinal);
}

/// <summary>An <c>AEAD_AES_256_GCM</c> resource: base64 ciphertext with the 16-byte tag at its end.</summary>
public sealed record WeChatPayEncryptedResource(
    string Algorithm,
    string Ciphertext,
    string Nonce,
    string? AssociatedData = null,
    string? OriginalType = null);

/// <summary>The decrypted resource of a <c>REFUND.*</c> notification.</summary>
public sealed record WeChatPayRefundNotice(
    [property: JsonPropertyName("mchid")] string MchId,
    string OutTradeNo,
    string RefundId,
    string OutRefundNo,
    string RefundStatus,
    WeChatPayRefundAmount Amount,
    string? TransactionId = null,
    DateTimeOffset? SuccessTime = null,
    string? UserReceivedAccount = null);
