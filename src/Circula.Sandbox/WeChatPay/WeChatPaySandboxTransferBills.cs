using System.Data.Common;
using System.Security.Cryptography;
using Circula.Payments.WeChatPay;

namespace Circula.Sandbox.WeChatPay;

/// <summary>A transfer bill the sandbox accepted, as its table holds it.</summary>
public sealed record SandboxTransferBill(string OutBillNo, string TransferBillNo, string AppId, string OpenId, long AmountFen, string Remark, string? NotifyUrl,
    string State, string? FailReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The bill as WeChat Pay answers a query (or notifies it): the package only while it waits for the user.</summary>
    public WeChatPayTransferBill Bill() => new(OutBillNo, State, TransferBillNo, WeChatPaySandboxSetup.MchId, AppId, OpenId, AmountFen, Remark, FailReason,
        State == WeChatPayTransferBill.WaitUserConfirm ? "sbx_package_" + OutBillNo : null, CreatedAt.ToOffset(TimeSpan.FromHours(8)),
        UpdatedAt.ToOffset(TimeSpan.FromHours(8)));
}

/// <summary>
/// The merchant transfer bills of the WeChat Pay sandbox, in its own table so any replica can query, cancel or confirm
/// them; every change is one conditional statement, so racing replicas agree as WeChat Pay would.
/// </summary>
public sealed class WeChatPaySandboxTransferBills(SandboxDatabase db, TimeProvider clock)
{
    private const string Columns = "out_bill_no, transfer_bill_no, app_id, open_id, amount_fen, remark, notify_url, state, fail_reason, created_at, updated_at";

    public async Task<SandboxTransferBill?> FindAsync(string outBillNo, CancellationToken ct) =>
        (await db.QueryAsync($"SELECT {Columns} FROM sandbox_wechatpay_transfers WHERE out_bill_no = @no", Read, ct, ("@no", outBillNo))).SingleOrDefault();

    /// <summary>Accepts the bill (a repeat of the same out_bill_no and amount answers the bill as it is); null when the number was used for another amount.</summary>
    public async Task<SandboxTransferBill?> CreateAsync(string outBillNo, string appId, string openId, long amountFen, string remark, string? notifyUrl,
        CancellationToken ct)
    {
        await db.ExecuteAsync("""
            INSERT INTO sandbox_wechatpay_transfers (out_bill_no, transfer_bill_no, app_id, open_id, amount_fen, remark, notify_url, state, created_at, updated_at)
            VALUES (@no, @billNo, @appId, @openId, @fen, @remark, @notifyUrl, 'WAIT_USER_CONFIRM', @now, @now)
            ON CONFLICT (out_bill_no) DO NOTHING
            """, ct, ("@no", outBillNo), ("@billNo", "1330" + RandomNumberGenerator.GetString("0123456789", 36)), ("@appId", appId), ("@openId", openId),
            ("@fen", amountFen), ("@remark", remark), ("@notifyUrl", notifyUrl), ("@now", clock.GetUtcNow().UtcDateTime));
        var bill = await FindAsync(outBillNo, ct);
        return bill?.AmountFen == amountFen && bill.OpenId == openId ? bill : null;
    }

    /// <summary>Moves a bill waiting for the user to <paramref name="state"/>; false when it is no longer waiting.</summary>
    public async Task<bool> FinishAsync(string outBillNo, string state, string? failReason, CancellationToken ct) =>
        await db.ExecuteAsync("""
            UPDATE sandbox_wechatpay_transfers SET state = @state, fail_reason = @reason, updated_at = @now
            WHERE out_bill_no = @no AND state = 'WAIT_USER_CONFIRM'
            """, ct, ("@no", outBillNo), ("@state", state), ("@reason", failReason), ("@now", clock.GetUtcNow().UtcDateTime)) == 1;

    private static SandboxTransferBill Read(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetString(5),
        SandboxDatabase.NullableString(r, 6), r.GetString(7), SandboxDatabase.NullableString(r, 8), SandboxDatabase.Utc(r, 9), SandboxDatabase.Utc(r, 10));
}
