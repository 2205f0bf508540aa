using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Circula.Payments.WeChatPay;

/// <summary>
/// Merchant transfer (商家转账, user-confirmation mode) to a WeChat user, over the same signed and verified v3 client as
/// payments: create a bill, query it, cancel it, and read its final notification (<c>MCHTRANSFER.BILL.FINISHED</c>). A
/// created bill waits for the user (<c>WAIT_USER_CONFIRM</c>): the mini program calls <c>wx.requestMerchantTransfer</c>
/// with <see cref="ForMiniProgram"/>'s parameters, the user confirms, and the bill goes on to SUCCESS or FAIL.
/// <c>out_bill_no</c> is the idempotency key: creating it again with the same content answers the same bill.
/// </summary>
public sealed partial class WeChatPayTransfers(WeChatPayClient client, WeChatPayNotificationReader reader, IOptions<WeChatPayOptions> options)
{
    public const string InvalidRequest = "transfer_request_invalid";
    public const string MerchantMismatch = "merchant_mismatch";
    public const string NotATransfer = "not_a_transfer_notification";
    public const int MaxRemarkLength = 32;

    /// <summary>From 2,000 yuan WeChat Pay requires the payee's encrypted real name (user_name), which this client does not send.</summary>
    public const long MaxAmountFen = 199_999;

    /// <summary>Creates the bill for the configured AppID; a request WeChat Pay would refuse anyway is refused here, unsent.</summary>
    public Task<WeChatPayResult<WeChatPayTransferBill>> CreateAsync(TransferOrder order, CancellationToken ct)
    {
        if (!OutBillNo().IsMatch(order.OutBillNo) || order.AmountFen is <= 0 or > MaxAmountFen || order.Remark.Length is 0 or > MaxRemarkLength ||
            string.IsNullOrWhiteSpace(order.OpenId) || string.IsNullOrWhiteSpace(order.SceneId) || order.ReportInfos.Count == 0)
        {
            return Task.FromResult(WeChatPayResult<WeChatPayTransferBill>.Failed(new(WeChatPayErrorKind.Rejected, null, InvalidRequest,
                "out_bill_no must be 1 to 32 letters or digits, the amount 1 to 199999 fen, the remark 1 to 32 characters, with an openid, a scene and its report items.",
                null)));
        }

        return client.CreateTransferBillAsync(new TransferBillRequest(options.Value.AppId!, order.OutBillNo, order.SceneId, order.OpenId, order.AmountFen,
            order.Remark, order.ReportInfos, order.NotifyUrl, order.UserRecvPerception), ct);
    }

    public Task<WeChatPayResult<WeChatPayTransferBill>> QueryAsync(string outBillNo, CancellationToken ct) => client.QueryTransferBillAsync(outBillNo, ct);

    public Task<WeChatPayResult<WeChatPayTransferBill>> CancelAsync(string outBillNo, CancellationToken ct) => client.CancelTransferBillAsync(outBillNo, ct);

    /// <summary>
    /// Verifies (signature, freshness), decrypts and reads a transfer notification, and checks that it is this merchant's.
    /// Reading changes nothing, so a duplicated notification reads to the same <see cref="TransferNotice"/>: the caller
    /// applies it once by <see cref="TransferNotice.NotificationId"/> or by the bill's final state.
    /// </summary>
    public TransferNotificationRead ReadNotification(Func<string, string?> header, byte[] body)
    {
        var read = reader.Read(WeChatPaySignatureHeaders.Read(header), body);
        if (!read.Accepted)
        {
            return new TransferNotificationRead(read.FailureCode, null);
        }

        if (read.TransferBill is not { } bill)
        {
            return new TransferNotificationRead(NotATransfer, null);
        }

        return bill.MchId == options.Value.MchId
            ? new TransferNotificationRead(null, new TransferNotice(read.Notification!.Id, read.Notification.EventType, bill))
            : new TransferNotificationRead(MerchantMismatch, null);
    }

    /// <summary>What <c>wx.requestMerchantTransfer</c> takes for a bill waiting for the user; null in any other state.</summary>
    public MerchantTransferParameters? ForMiniProgram(WeChatPayTransferBill bill) =>
        bill is { State: WeChatPayTransferBill.WaitUserConfirm, PackageInfo: { Length: > 0 } package }
            ? new MerchantTransferParameters(options.Value.MchId!, options.Value.AppId!, package)
            : null;

    [GeneratedRegex("^[A-Za-z0-9]{1,32}$")]
    private static partial Regex OutBillNo();
}

/// <summary>A transfer to make: our bill number, the user's openid, fen, the remark the user sees, the approved scene and its report items.</summary>
public sealed record TransferOrder(
    string OutBillNo,
    string OpenId,
    long AmountFen,
    string Remark,
    string SceneId,
    IReadOnlyList<TransferSceneReportInfo> ReportInfos,
    string? UserRecvPerception = null,
    string? NotifyUrl = null);

/// <summary>A verified transfer notification: its id (the key to apply it once), its event type and the bill in its final state.</summary>
public sealed record TransferNotice(string NotificationId, string EventType, WeChatPayTransferBill Bill);

/// <summary>What a transfer notification was: refused with a stable code, or a verified <see cref="TransferNotice"/>.</summary>
public sealed record TransferNotificationRead(string? RefusedBecause, TransferNotice? Notice);

/// <summary>The parameters of <c>wx.requestMerchantTransfer</c> (mchId, appId, package) in direct-merchant mode.</summary>
public sealed record MerchantTransferParameters(string MchId, string AppId, string Package);
