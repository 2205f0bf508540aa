using System.Text.Json.Serialization;

namespace Circula.Payments.WeChatPay;

/// <summary>
/// <c>POST /v3/fund-app/mch-transfer/transfer-bills</c> (商家转账, user-confirmation mode): pay <see cref="TransferAmount"/>
/// fen to the user <see cref="OpenId"/> of <see cref="AppId"/>, under the merchant's own <see cref="OutBillNo"/> (letters and
/// digits, at most 32) and an approved transfer scene (<see cref="TransferSceneId"/>, e.g. 1000 现金营销) with the report
/// items that scene requires. <see cref="TransferRemark"/> (at most 32 characters) is shown to the user.
/// </summary>
public sealed record TransferBillRequest(
    [property: JsonPropertyName("appid")] string AppId,
    string OutBillNo,
    string TransferSceneId,
    [property: JsonPropertyName("openid")] string OpenId,
    long TransferAmount,
    string TransferRemark,
    IReadOnlyList<TransferSceneReportInfo> TransferSceneReportInfos,
    string? NotifyUrl = null,
    string? UserRecvPerception = null);

/// <summary>One report item of a transfer scene, e.g. <c>{"info_type":"回收商品名称","info_content":"旧手机"}</c>.</summary>
public sealed record TransferSceneReportInfo(string InfoType, string InfoContent);

/// <summary>
/// A transfer bill as WeChat Pay reports it (the answer to a create, query or cancel; the notification's resource).
/// <see cref="PackageInfo"/> comes with <see cref="WaitUserConfirm"/>: the mini program passes it as <c>package</c> to
/// <c>wx.requestMerchantTransfer</c> so the user confirms receipt.
/// </summary>
public sealed record WeChatPayTransferBill(
    string OutBillNo,
    string State,
    string? TransferBillNo = null,
    [property: JsonPropertyName("mchid")] string? MchId = null,
    [property: JsonPropertyName("appid")] string? AppId = null,
    [property: JsonPropertyName("openid")] string? OpenId = null,
    long? TransferAmount = null,
    string? TransferRemark = null,
    string? FailReason = null,
    string? PackageInfo = null,
    DateTimeOffset? CreateTime = null,
    DateTimeOffset? UpdateTime = null)
{
    public const string Accepted = "ACCEPTED";
    public const string Processing = "PROCESSING";
    public const string WaitUserConfirm = "WAIT_USER_CONFIRM";
    public const string Transfering = "TRANSFERING";
    public const string Success = "SUCCESS";
    public const string Fail = "FAIL";
    public const string Canceling = "CANCELING";
    public const string Cancelled = "CANCELLED";

    public static readonly IReadOnlyList<string> States = [Accepted, Processing, WaitUserConfirm, Transfering, Success, Fail, Canceling, Cancelled];

    /// <summary>SUCCESS, FAIL and CANCELLED are final; WeChat Pay notifies only those.</summary>
    [JsonIgnore]
    public bool IsFinal => State is Success or Fail or Cancelled;
}
