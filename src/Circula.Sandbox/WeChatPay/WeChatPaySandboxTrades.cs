using System.Data.Common;
using Circula.Payments.Bills;
using Circula.Payments.WeChatPay;

namespace Circula.Sandbox.WeChatPay;

/// <summary>A prepay the sandbox accepted and what happened to it since: NOTPAY until it is paid (SUCCESS) or closed (CLOSED).</summary>
public sealed record WeChatPaySandboxTrade(WeChatPaySandboxGateway.SandboxPrepay Prepay, string TradeState, string? TransactionId, DateTimeOffset? StateChangedAt,
    bool RefundsNotifiedFirst)
{
    public const string NativePayer = "sbx_native_payer";

    /// <summary>The transaction as a query by out_trade_no answers it.</summary>
    public WeChatPayTransaction Transaction()
    {
        var paid = TradeState == WeChatPayTransaction.Success;
        return new WeChatPayTransaction(Prepay.AppId, Prepay.MchId, Prepay.OutTradeNo, TradeState, paid ? TransactionId : null, Prepay.TradeType,
            paid ? "支付成功" : TradeState == WeChatPayTransaction.Closed ? "订单已关闭" : "订单未支付", paid ? "OTHERS" : null, null,
            paid ? StateChangedAt!.Value.ToOffset(TimeSpan.FromHours(8)) : null, paid ? new WeChatPayTransactionPayer(Prepay.OpenId ?? NativePayer) : null,
            new WeChatPayTransactionAmount(Prepay.AmountFen, paid ? Prepay.AmountFen : null, WeChatPayOrderAmount.Cny, paid ? WeChatPayOrderAmount.Cny : null));
    }
}

/// <summary>
/// What the WeChat Pay sandbox knows, in its own tables so that a prepay made before a restart or on another replica can
/// be paid, queried, closed, refunded and billed: the prepays it accepted, what happened to each, the refunds it accepted.
/// Every change is one conditional statement, so replicas racing on one trade agree as WeChat Pay would.
/// </summary>
public sealed class WeChatPaySandboxTrades(SandboxDatabase db, TimeProvider clock)
{
    private const string Columns =
        "app_id, mch_id, out_trade_no, amount_fen, notify_url, trade_type, open_id, trade_state, transaction_id, state_changed_at, refunds_notified_first";

    public async Task<WeChatPaySandboxTrade?> FindAsync(string outTradeNo, CancellationToken ct) =>
        (await db.QueryAsync($"SELECT {Columns} FROM sandbox_wechatpay_prepays WHERE out_trade_no = @outTradeNo", Read, ct, ("@outTradeNo", outTradeNo)))
        .SingleOrDefault();

    /// <summary>Accepts the prepay (again, with its latest details); false when its out_trade_no was prepaid with another amount.</summary>
    public async Task<bool> StoreAsync(WeChatPaySandboxGateway.SandboxPrepay prepay, CancellationToken ct) =>
        await db.ExecuteAsync("""
            INSERT INTO sandbox_wechatpay_prepays (out_trade_no, app_id, mch_id, trade_type, amount_fen, notify_url, open_id, created_at)
            VALUES (@outTradeNo, @appId, @mchId, @tradeType, @amountFen, @notifyUrl, @openId, @now)
            ON CONFLICT (out_trade_no) DO UPDATE SET app_id = excluded.app_id, mch_id = excluded.mch_id, trade_type = excluded.trade_type,
                notify_url = excluded.notify_url, open_id = excluded.open_id
            WHERE sandbox_wechatpay_prepays.amount_fen = excluded.amount_fen
            """, ct, ("@outTradeNo", prepay.OutTradeNo), ("@appId", prepay.AppId), ("@mchId", prepay.MchId), ("@tradeType", prepay.TradeType),
            ("@amountFen", prepay.AmountFen), ("@notifyUrl", prepay.NotifyUrl), ("@openId", prepay.OpenId), ("@now", clock.GetUtcNow().UtcDateTime)) == 1;

    /// <summary>Records the prepay as paid by <paramref name="transactionId"/> (what a query answers from now on), unless it was closed meanwhile.</summary>
    public Task MarkPaidAsync(string outTradeNo, string transactionId, CancellationToken ct) =>
        db.ExecuteAsync("""
            UPDATE sandbox_wechatpay_prepays SET trade_state = 'SUCCESS', transaction_id = @transactionId, state_changed_at = @now
            WHERE out_trade_no = @outTradeNo AND (trade_state IS NULL OR trade_state <> 'CLOSED')
            """, ct, ("@outTradeNo", outTradeNo), ("@transactionId", transactionId), ("@now", clock.GetUtcNow().UtcDateTime));

    /// <summary>Closes the prepay; false when it is already paid (WeChat Pay answers ORDERPAID).</summary>
    public async Task<bool> CloseAsync(string outTradeNo, CancellationToken ct) =>
        await db.ExecuteAsync("""
            UPDATE sandbox_wechatpay_prepays SET trade_state = 'CLOSED', transaction_id = NULL, state_changed_at = @now
            WHERE out_trade_no = @outTradeNo AND (trade_state IS NULL OR trade_state <> 'SUCCESS')
            """, ct, ("@outTradeNo", outTradeNo), ("@now", clock.GetUtcNow().UtcDateTime)) == 1;

    /// <summary>From now on a refund of this trade is notified before the refund request is answered (the "reorder" option).</summary>
    public Task NotifyRefundsFirstAsync(string outTradeNo, CancellationToken ct) =>
        db.ExecuteAsync("UPDATE sandbox_wechatpay_prepays SET refunds_notified_first = TRUE WHERE out_trade_no = @outTradeNo", ct, ("@outTradeNo", outTradeNo));

    /// <summary>Books an accepted refund (it succeeds at once in the sandbox); the first acceptance of an out_refund_no counts.</summary>
    public Task RecordRefundAsync(WeChatPaySandboxGateway.SandboxRefund refund, CancellationToken ct) =>
        db.ExecuteAsync("""
            INSERT INTO sandbox_wechatpay_refunds (out_refund_no, refund_id, out_trade_no, refund_fen, total_fen, refunded_at)
            VALUES (@outRefundNo, @refundId, @outTradeNo, @refundFen, @totalFen, @now)
            ON CONFLICT (out_refund_no) DO NOTHING
            """, ct, ("@outRefundNo", refund.OutRefundNo), ("@refundId", refund.RefundId), ("@outTradeNo", refund.OutTradeNo), ("@refundFen", refund.RefundFen),
            ("@totalFen", refund.TotalFen), ("@now", clock.GetUtcNow().UtcDateTime));

    /// <summary>The ALL trade bill of <paramref name="day"/> as WeChat Pay writes it: the trades paid and the refunds accepted that day.</summary>
    public async Task<string> TradeBillAsync(DateOnly day, CancellationToken ct)
    {
        var (from, to) = ChinaDay.WindowUtc(day);
        var payments = await db.QueryAsync($"""
            SELECT {Columns} FROM sandbox_wechatpay_prepays
            WHERE trade_state = 'SUCCESS' AND state_changed_at >= @from AND state_changed_at < @to
            """, Read, ct, ("@from", from), ("@to", to));
        var refunds = await db.QueryAsync("""
            SELECT r.refunded_at, p.app_id, p.transaction_id, r.out_trade_no, p.open_id, p.trade_type, r.total_fen, r.refund_id, r.out_refund_no, r.refund_fen
            FROM sandbox_wechatpay_refunds r LEFT JOIN sandbox_wechatpay_prepays p ON p.out_trade_no = r.out_trade_no
            WHERE r.refunded_at >= @from AND r.refunded_at < @to
            """, ReadRefundLine, ct, ("@from", from), ("@to", to));
        var paid = payments.Select(t => new TradeBillLine(t.StateChangedAt!.Value.UtcDateTime, t.Prepay.AppId, t.Prepay.MchId, t.TransactionId!, t.Prepay.OutTradeNo,
            t.Prepay.OpenId ?? WeChatPaySandboxTrade.NativePayer, t.Prepay.TradeType, t.Prepay.AmountFen));
        return WeChatPayTradeBillWriter.Write(paid.Concat(refunds));
    }

    /// <summary>A refund's bill line; the prepay's details where the sandbox has them (the transaction id only while it is paid).</summary>
    private static TradeBillLine ReadRefundLine(DbDataReader r) => new(SandboxDatabase.Utc(r, 0).UtcDateTime,
        SandboxDatabase.NullableString(r, 1) ?? WeChatPaySandboxSetup.AppId, WeChatPaySandboxSetup.MchId, SandboxDatabase.NullableString(r, 2) ?? "", r.GetString(3),
        SandboxDatabase.NullableString(r, 4) ?? WeChatPaySandboxTrade.NativePayer, SandboxDatabase.NullableString(r, 5) ?? "NATIVE", r.GetInt64(6),
        r.GetString(7), r.GetString(8), r.GetInt64(9));

    private static WeChatPaySandboxTrade Read(DbDataReader r) => new(
        new WeChatPaySandboxGateway.SandboxPrepay(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.GetString(5),
            SandboxDatabase.NullableString(r, 6)),
        SandboxDatabase.NullableString(r, 7) ?? WeChatPayTransaction.NotPay, SandboxDatabase.NullableString(r, 8),
        r.IsDBNull(9) ? null : SandboxDatabase.Utc(r, 9), r.GetBoolean(10));
}
