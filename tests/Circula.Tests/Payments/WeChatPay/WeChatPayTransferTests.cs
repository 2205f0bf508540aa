using System.Text.Json;
using Circula.Payments.WeChatPay;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Payments.WeChatPay;

/// <summary>
/// Merchant transfer (商家转账) against the loopback WeChat Pay, which checks each request's signature as WeChat Pay does:
/// create, query and cancel a bill; the user's confirmation parameters; tampered and unsigned answers refused; the
/// MCHTRANSFER.BILL.FINISHED notification verified and decrypted, refused when forged, read the same when duplicated.
/// </summary>
public sealed class WeChatPayTransferTests(WeChatPayPeerFixture fixture) : IClassFixture<WeChatPayPeerFixture>
{
    private WeChatPayTransfers Transfers => fixture.Services.CreateScope().ServiceProvider.GetRequiredService<WeChatPayTransfers>();

    private static TransferOrder Order(string outBillNo, long fen = 1850) => new(outBillNo, "o-MYE42l80oelYMDE34nYD456Xoy", fen, "旧物回收款", "1000",
        [new TransferSceneReportInfo("活动名称", "上门回收"), new TransferSceneReportInfo("奖励说明", "回收旧手机")], "现金奖励");

    private static string NewBillNo() => "RP" + Guid.NewGuid().ToString("N")[..24];

    [Fact]
    public async Task A_signed_transfer_bill_waits_for_the_user_with_the_package_for_the_mini_program()
    {
        var outBillNo = NewBillNo();

        var created = await Transfers.CreateAsync(Order(outBillNo), CancellationToken.None);

        Assert.True(created.Succeeded, created.Error?.ToString());
        Assert.Equal((outBillNo, WeChatPayTransferBill.WaitUserConfirm), (created.Value!.OutBillNo, created.Value.State));
        var call = Assert.Single(fixture.Peer.Calls, c => c.Body.Contains(outBillNo, StringComparison.Ordinal));
        Assert.Null(call.Rejection);
        Assert.Equal(("POST", "/v3/fund-app/mch-transfer/transfer-bills"), (call.Method, call.Target));
        using var body = JsonDocument.Parse(call.Body);
        Assert.Equal((WeChatPayPeer.AppId, 1850L, "1000", "现金奖励"), (body.RootElement.GetProperty("appid").GetString(),
            body.RootElement.GetProperty("transfer_amount").GetInt64(), body.RootElement.GetProperty("transfer_scene_id").GetString(),
            body.RootElement.GetProperty("user_recv_perception").GetString()));
        Assert.Equal("活动名称", body.RootElement.GetProperty("transfer_scene_report_infos")[0].GetProperty("info_type").GetString());
        var parameters = Transfers.ForMiniProgram(created.Value)!;
        Assert.Equal((WeChatPayPeer.MchId, WeChatPayPeer.AppId, "affffddafdfafddffda==wx" + outBillNo), (parameters.MchId, parameters.AppId, parameters.Package));
    }

    [Fact]
    public async Task A_bill_is_queried_and_cancelled_by_its_out_bill_no()
    {
        var outBillNo = NewBillNo();
        await Transfers.CreateAsync(Order(outBillNo, 500), CancellationToken.None);

        var queried = await Transfers.QueryAsync(outBillNo, CancellationToken.None);
        var cancelled = await Transfers.CancelAsync(outBillNo, CancellationToken.None);

        Assert.Equal((WeChatPayTransferBill.WaitUserConfirm, 500L, WeChatPayPeer.MchId), (queried.Value!.State, queried.Value.TransferAmount, queried.Value.MchId));
        Assert.Equal(WeChatPayTransferBill.Cancelled, cancelled.Value!.State);
        Assert.Equal(WeChatPayTransferBill.Cancelled, (await Transfers.QueryAsync(outBillNo, CancellationToken.None)).Value!.State);
        Assert.Null(Transfers.ForMiniProgram(cancelled.Value));
        Assert.All(fixture.Peer.Calls.Where(c => c.Target.Contains(outBillNo, StringComparison.Ordinal)), c => Assert.Null(c.Rejection));
        Assert.Equal("", Assert.Single(fixture.Peer.Calls, c => c.Target.EndsWith(outBillNo + "/cancel", StringComparison.Ordinal)).Body);
    }

    [Theory]
    [InlineData("tampered-body")]
    [InlineData("bad-signature")]
    [InlineData("stale")]
    public async Task A_tampered_or_badly_signed_answer_is_not_trusted(string outBillNo)
    {
        fixture.Peer.Transfers[outBillNo] = (WeChatPayTransferBill.Success, 100);

        var result = await Transfers.QueryAsync(outBillNo, CancellationToken.None);

        Assert.Equal(WeChatPayErrorKind.Unverified, result.Error!.Kind);
        Assert.Null(result.Value);
    }

    [Fact]
    public async Task Requests_wechat_pay_would_refuse_are_not_sent_and_its_refusals_are_read()
    {
        var refused = await Transfers.CreateAsync(Order("has-dash", 0), CancellationToken.None);
        var tooMuch = await Transfers.CreateAsync(Order(NewBillNo(), 200_000), CancellationToken.None);
        Assert.Equal(WeChatPayTransfers.InvalidRequest, tooMuch.Error!.Code);
        Assert.Equal((WeChatPayErrorKind.Rejected, WeChatPayTransfers.InvalidRequest), (refused.Error!.Kind, refused.Error.Code));
        Assert.DoesNotContain(fixture.Peer.Calls, c => c.Body.Contains("has-dash", StringComparison.Ordinal));

        var unknown = await Transfers.QueryAsync("nosuchbill", CancellationToken.None);
        Assert.Equal((WeChatPayErrorKind.Rejected, "PARAM_ERROR"), (unknown.Error!.Kind, unknown.Error.Code));
    }

    [Fact]
    public async Task The_finished_notification_is_verified_and_decrypted_and_a_duplicate_reads_the_same()
    {
        var outBillNo = NewBillNo();
        await Transfers.CreateAsync(Order(outBillNo), CancellationToken.None);
        var (header, body) = fixture.Peer.TransferNotification(outBillNo, WeChatPayTransferBill.Success);

        var first = Transfers.ReadNotification(header, body);
        var again = Transfers.ReadNotification(header, body);

        Assert.Null(first.RefusedBecause);
        Assert.Equal(("EV-" + outBillNo, WeChatPayNotification.TransferBillFinished), (first.Notice!.NotificationId, first.Notice.EventType));
        Assert.Equal((outBillNo, WeChatPayTransferBill.Success, 1850L, true), (first.Notice.Bill.OutBillNo, first.Notice.Bill.State, first.Notice.Bill.TransferAmount,
            first.Notice.Bill.IsFinal));
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task A_forged_or_foreign_notification_is_refused()
    {
        var outBillNo = NewBillNo();
        await Transfers.CreateAsync(Order(outBillNo), CancellationToken.None);
        var (header, body) = fixture.Peer.TransferNotification(outBillNo, WeChatPayTransferBill.Success);
        var forged = body.ToArray();
        forged[^3] ^= 1;

        Assert.Equal("signature_invalid", Transfers.ReadNotification(header, forged).RefusedBecause);
        Assert.Equal("headers_missing", Transfers.ReadNotification(_ => null, body).RefusedBecause);
        var (foreignHeader, foreignBody) = fixture.Peer.TransferNotification(outBillNo, WeChatPayTransferBill.Success, mchId: "1900000001");
        Assert.Equal(WeChatPayTransfers.MerchantMismatch, Transfers.ReadNotification(foreignHeader, foreignBody).RefusedBecause);
    }
}
