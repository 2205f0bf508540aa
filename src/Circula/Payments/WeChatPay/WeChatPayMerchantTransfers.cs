using Circula.Identity.Contracts;
using Circula.Payments.Contracts;
using Microsoft.Extensions.Options;

namespace Circula.Payments.WeChatPay;

/// <summary>
/// <see cref="IMerchantTransfers"/> through WeChat Pay's merchant transfer (<see cref="WeChatPayTransfers"/>): the payee is
/// the user's mini-program openid (from Identity's <see cref="IWeChatBindings"/>), under the configured transfer scene.
/// The transfer client is built only when used, so a server without WeChat Pay never reaches for its keys.
/// </summary>
public sealed class WeChatPayMerchantTransfers(IOptions<WeChatPayOptions> options, Func<WeChatPayTransfers> transfers, IWeChatBindings bindings,
    WeChatPayEndpoints endpoints) : IMerchantTransfers
{
    public const string NoWeChatBinding = "no_wechat_binding";

    /// <summary>The perception WeChat shows the user for scene 1000 (现金营销).</summary>
    private const string UserRecvPerception = "现金奖励";

    public bool Enabled => options.Value.Enabled;

    public long MaxAmountFen => WeChatPayTransfers.MaxAmountFen;

    public async Task<MerchantTransferAnswer> CreateAsync(MerchantTransferOrder order, CancellationToken ct)
    {
        if (await bindings.GetOpenIdAsync(order.UserId, ct) is not { } openId)
        {
            return MerchantTransferAnswer.Refused(NoWeChatBinding, "The customer has not signed in with WeChat, so WeChat Pay has nobody to transfer to.");
        }

        var client = transfers();
        var created = await client.CreateAsync(new TransferOrder(order.Number, openId, order.AmountFen, order.Remark, options.Value.TransferSceneId,
            [new TransferSceneReportInfo("活动名称", "上门回收"), new TransferSceneReportInfo("奖励说明", order.Remark)], UserRecvPerception,
            endpoints.TransferNotifyUrl), ct);
        return Answer(client, created);
    }

    public async Task<MerchantTransferAnswer> QueryAsync(string number, CancellationToken ct)
    {
        var client = transfers();
        return Answer(client, await client.QueryAsync(number, ct));
    }

    /// <summary>Verifies and reads a MCHTRANSFER.* notification (see <see cref="WeChatPayTransfers.ReadNotification"/>): the notice, or why it was refused.</summary>
    public (MerchantTransferNotice? Notice, string? RefusedBecause) ReadNotification(Func<string, string?> header, byte[] body)
    {
        var client = transfers();
        var read = client.ReadNotification(header, body);
        return read.Notice is { } notice ? (new MerchantTransferNotice(notice.NotificationId, Describe(client, notice.Bill)), null) : (null, read.RefusedBecause);
    }

    private static MerchantTransferAnswer Answer(WeChatPayTransfers client, WeChatPayResult<WeChatPayTransferBill> result) => result switch
    {
        { Value: { } bill } => new MerchantTransferAnswer(Describe(client, bill), null, null),
        { Error: { Kind: WeChatPayErrorKind.Rejected, Status: 404 } } => MerchantTransferAnswer.Refused(MerchantTransferAnswer.NotFound, "WeChat Pay has no such transfer bill."),
        { Error: { Kind: WeChatPayErrorKind.Rejected } error } => MerchantTransferAnswer.Refused(error.Code, error.Message ?? error.Code),
        _ => throw new MerchantTransferUnavailableException($"WeChat Pay transfer call failed: {result.Error}"),
    };

    private static MerchantTransfer Describe(WeChatPayTransfers client, WeChatPayTransferBill bill) =>
        new(bill.OutBillNo, State(bill.State), bill.TransferBillNo, bill.TransferAmount,
            client.ForMiniProgram(bill) is { } p ? new MerchantTransferConfirmation(p.MchId, p.AppId, p.Package) : null, bill.FailReason);

    private static MerchantTransferState State(string state) => state switch
    {
        WeChatPayTransferBill.WaitUserConfirm => MerchantTransferState.AwaitingUser,
        WeChatPayTransferBill.Success => MerchantTransferState.Succeeded,
        WeChatPayTransferBill.Fail => MerchantTransferState.Failed,
        WeChatPayTransferBill.Cancelled => MerchantTransferState.Cancelled,
        _ => MerchantTransferState.InProgress,
    };
}
