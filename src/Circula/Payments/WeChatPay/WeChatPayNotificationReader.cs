using System.Text;
using System.Text.Json;

namespace Circula.Payments.WeChatPay;

/// <summary>
/// A callback that passed every check: the envelope, the decrypted text, and the typed resource for payment
/// (<c>TRANSACTION.*</c>), refund (<c>REFUND.*</c>) and merchant transfer (<c>MCHTRANSFER.*</c>) events; or the code saying why it was not accepted.
/// </summary>
public sealed record WeChatPayNotificationResult(
    string? FailureCode,
    WeChatPayNotification? Notification = null,
    string? Plaintext = null,
    WeChatPayTransaction? Transaction = null,
    WeChatPayRefundNotice? Refund = null,
    WeChatPayTransferBill? TransferBill = null)
{
    public const string NotificationMalformed = "notification_malformed";
    public const string ResourceMalformed = "resource_malformed";

    public bool Accepted => FailureCode is null;
}

/// <summary>
/// Opens a notify_url callback in the required order: verify the signature over the raw body bytes, then parse,
/// then decrypt. Checking amount and out_trade_no against the own order is the caller's next step.
/// </summary>
public sealed class WeChatPayNotificationReader(WeChatPaySignatureVerifier verifier, WeChatPayResourceDecryptor decryptor)
{
    public WeChatPayNotificationResult Read(WeChatPaySignatureHeaders headers, ReadOnlySpan<byte> body)
    {
        var verification = verifier.Verify(headers, body);
        if (!verification.IsValid)
        {
            return new(verification.Code);
        }

        if (Parse<WeChatPayNotification>(body) is not { } notification)
        {
            return new(WeChatPayNotificationResult.NotificationMalformed);
        }

        var decrypted = decryptor.Decrypt(notification.Resource);
        if (!decrypted.Succeeded)
        {
            return new(decrypted.Code, notification);
        }

        var plaintext = Encoding.UTF8.GetBytes(decrypted.Plaintext!);
        var result = new WeChatPayNotificationResult(null, notification, decrypted.Plaintext);
        if (notification.IsTransaction)
        {
            return Parse<WeChatPayTransaction>(plaintext) is { } transaction
                ? result with { Transaction = transaction }
                : new(WeChatPayNotificationResult.ResourceMalformed, notification);
        }

        if (notification.IsRefund)
        {
            return Parse<WeChatPayRefundNotice>(plaintext) is { } refund
                ? result with { Refund = refund }
                : new(WeChatPayNotificationResult.ResourceMalformed, notification);
        }

        if (notification.IsTransfer)
        {
            return Parse<WeChatPayTransferBill>(plaintext) is { } bill
                ? result with { TransferBill = bill }
                : new(WeChatPayNotificationResult.ResourceMalformed, notification);
        }

        return result;
    }

    /// <summary>Null when the JSON is unreadable or lacks a required property.</summary>
    private static T? Parse<T>(ReadOnlySpan<byte> json) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, WeChatPayJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
