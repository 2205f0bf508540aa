using Microsoft.Data.Sqlite;

namespace Circula.Tests.Payments;

/// <summary>0007 on SQLite rebuilds both payment tables: rows, indexes and the reference survive, and the checks take Alipay.</summary>
public sealed class AlipayMigrationTests : IDisposable
{
    private readonly SqliteMigrationScratch _db = new();

    [Fact]
    public async Task Existing_wechat_payments_and_notifications_survive_and_alipay_channels_are_accepted()
    {
        await _db.Runner.MigrateAsync(6);
        await _db.ExecuteAsync(
            "INSERT INTO payments (id, order_id, customer_id, provider, channel, out_trade_no, amount_fen, status, provider_transaction_id, created_at, updated_at, version) " +
            "VALUES (1, 10, 20, 'wechatpay', 'native', 'P1', 2590, 'Succeeded', '4200000001', '2026-06-01', '2026-06-01', 2);" +
            "INSERT INTO payment_notifications (id, provider, notification_id, event_type, out_trade_no, payment_id, outcome, received_at) " +
            "VALUES (5, 'wechatpay', 'EV-1', 'TRANSACTION.SUCCESS', 'P1', 1, 'paid', '2026-06-01');");

        var applied = await _db.Runner.MigrateAsync(7);

        Assert.Equal(7, Assert.Single(applied).Version);
        Assert.Equal("P1|4200000001|2590|2", await _db.ScalarAsync("SELECT out_trade_no || '|' || provider_transaction_id || '|' || amount_fen || '|' || version FROM payments"));
        Assert.Equal("1|paid", await _db.ScalarAsync("SELECT payment_id || '|' || outcome FROM payment_notifications WHERE notification_id = 'EV-1'"));
        Assert.Equal("payments", await _db.ScalarAsync("SELECT \"table\" FROM pragma_foreign_key_list('payment_notifications')"));
        Assert.Equal("ix_payment_notifications_outcome,ix_payments_customer,ux_payment_notifications_provider_id,ux_payments_live_order,ux_payments_out_trade_no,ux_payments_provider_transaction",
            await _db.ScalarAsync("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' " +
                "AND tbl_name IN ('payments', 'payment_notifications') ORDER BY name)"));

        await _db.ExecuteAsync(Insert(2, "alipay", "wap"));
        await _db.ExecuteAsync(Insert(3, "alipay", "page"));
        Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(() => _db.ExecuteAsync(Insert(4, "alipay", "native")))).SqliteErrorCode);
        Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(() => _db.ExecuteAsync(Insert(5, "wechatpay", "wap")))).SqliteErrorCode);
        Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(() => _db.ExecuteAsync(Insert(6, "unionpay", "wap")))).SqliteErrorCode);
    }

    private static string Insert(int id, string provider, string channel) =>
        "INSERT INTO payments (id, order_id, customer_id, provider, channel, out_trade_no, amount_fen, status, created_at, updated_at) " +
        $"VALUES ({id}, {10 + id}, 20, '{provider}', '{channel}', 'P{id}', 100, 'Pending', '2026-06-01', '2026-06-01')";

    public void Dispose() => _db.Dispose();
}
