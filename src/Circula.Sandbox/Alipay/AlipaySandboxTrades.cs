using System.Data.Common;
using Circula.Payments.Bills;

namespace Circula.Sandbox.Alipay;

/// <summary>An Alipay trade the sandbox knows: paid (TRADE_SUCCESS with its trade_no) or closed (TRADE_CLOSED), since <see cref="At"/>.</summary>
public sealed record AlipaySandboxTrade(string OutTradeNo, string TradeStatus, string? TradeNo, long AmountFen, DateTimeOffset At)
{
    public const string Success = "TRADE_SUCCESS";
    public const string Closed = "TRADE_CLOSED";
}

/// <summary>
/// What the Alipay sandbox knows, in its own tables so that a trade paid before a restart or on another replica can be
/// queried, closed, refunded and billed: the trades paid or closed, and the refunds by out_request_no. Every change is one
/// conditional statement, so replicas racing on one trade agree as Alipay would.
/// </summary>
public sealed class AlipaySandboxTrades(SandboxDatabase db, TimeProvider clock)
{
    /// <summary>The sandbox merchant's Alipay account (2088…), named in the bill's file names and header.</summary>
    public const string MerchantAccount = "2088000000000002";

    public async Task<AlipaySandboxTrade?> FindAsync(string outTradeNo, CancellationToken ct) =>
        (await db.QueryAsync("SELECT out_trade_no, trade_status, trade_no, amount_fen, status_changed_at FROM sandbox_alipay_trades WHERE out_trade_no = @outTradeNo",
            Read, ct, ("@outTradeNo", outTradeNo))).SingleOrDefault();

    /// <summary>The buyer paid: TRADE_SUCCESS by <paramref name="tradeNo"/> from now on, whatever the trade was before.</summary>
    public Task MarkPaidAsync(string outTradeNo, string tradeNo, long amountFen, CancellationToken ct) =>
        db.ExecuteAsync("""
            INSERT INTO sandbox_alipay_trades (out_trade_no, trade_status, trade_no, amount_fen, status_changed_at)
            VALUES (@outTradeNo, 'TRADE_SUCCESS', @tradeNo, @amountFen, @now)
            ON CONFLICT (out_trade_no) DO UPDATE SET trade_status = excluded.trade_status, trade_no = excluded.trade_no, amount_fen = excluded.amount_fen,
                status_changed_at = excluded.status_changed_at
            """, ct, ("@outTradeNo", outTradeNo), ("@tradeNo", tradeNo), ("@amountFen", amountFen), ("@now", clock.GetUtcNow().UtcDateTime));

    /// <summary>Closes the trade unless it is paid (then false: Alipay answers ACQ.TRADE_STATUS_ERROR).</summary>
    public async Task<bool> CloseAsync(string outTradeNo, long amountFen, CancellationToken ct) =>
        await db.ExecuteAsync("""
            INSERT INTO sandbox_alipay_trades (out_trade_no, trade_status, trade_no, amount_fen, status_changed_at)
            VALUES (@outTradeNo, 'TRADE_CLOSED', NULL, @amountFen, @now)
            ON CONFLICT (out_trade_no) DO UPDATE SET trade_status = excluded.trade_status, trade_no = NULL, amount_fen = excluded.amount_fen,
                status_changed_at = excluded.status_changed_at
            WHERE sandbox_alipay_trades.trade_status <> 'TRADE_SUCCESS'
            """, ct, ("@outTradeNo", outTradeNo), ("@amountFen", amountFen), ("@now", clock.GetUtcNow().UtcDateTime)) == 1;

    /// <summary>
    /// Records a refund by out_request_no: the first request moves money (fund_change Y), a repeated one does not (N).
    /// Answers the trade's refunded total in fen.
    /// </summary>
    public async Task<(bool FundChanged, long RefundedFen)> RefundAsync(string outTradeNo, string outRequestNo, long refundFen, CancellationToken ct)
    {
        var fundChanged = await db.ExecuteAsync("""
            INSERT INTO sandbox_alipay_refunds (out_trade_no, out_request_no, refund_fen, refunded_at) VALUES (@outTradeNo, @outRequestNo, @refundFen, @now)
            ON CONFLICT (out_trade_no, out_request_no) DO NOTHING
            """, ct, ("@outTradeNo", outTradeNo), ("@outRequestNo", outRequestNo), ("@refundFen", refundFen), ("@now", clock.GetUtcNow().UtcDateTime)) == 1;
        var refunded = await db.QueryAsync("SELECT COALESCE(SUM(refund_fen), 0) FROM sandbox_alipay_refunds WHERE out_trade_no = @outTradeNo",
            r => r.GetInt64(0), ct, ("@outTradeNo", outTradeNo));
        return (fundChanged, refunded.Single());
    }

    /// <summary>The trade bill zip of <paramref name="day"/> as Alipay serves it: the trades paid and the refunds that moved money that day.</summary>
    public async Task<byte[]> TradeBillZipAsync(DateOnly day, CancellationToken ct)
    {
        var (from, to) = ChinaDay.WindowUtc(day);
        var payments = await db.QueryAsync("""
            SELECT status_changed_at, trade_no, out_trade_no, amount_fen FROM sandbox_alipay_trades
            WHERE trade_status = 'TRADE_SUCCESS' AND status_changed_at >= @from AND status_changed_at < @to
            """, r => new AlipayBillLine(SandboxDatabase.Utc(r, 0).UtcDateTime, r.GetString(1), r.GetString(2), r.GetInt64(3)), ct, ("@from", from), ("@to", to));
        var refunds = await db.QueryAsync("""
            SELECT r.refunded_at, COALESCE(t.trade_no, ''), r.out_trade_no, r.refund_fen, r.out_request_no
            FROM sandbox_alipay_refunds r LEFT JOIN sandbox_alipay_trades t ON t.out_trade_no = r.out_trade_no
            WHERE r.refunded_at >= @from AND r.refunded_at < @to
            """, r => new AlipayBillLine(SandboxDatabase.Utc(r, 0).UtcDateTime, r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4)), ct,
            ("@from", from), ("@to", to));
        return AlipayTradeBillWriter.WriteZip(MerchantAccount, day, payments.Concat(refunds));
    }

    private static AlipaySandboxTrade Read(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), SandboxDatabase.NullableString(r, 2), r.GetInt64(3), SandboxDatabase.Utc(r, 4));
}
