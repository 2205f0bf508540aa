using Microsoft.Data.Sqlite;

namespace Circula.Tests.Payments;

/// <summary>
/// 0012 on SQLite rebuilds the tables that listed providers (and those referencing them): rows, indexes and references
/// survive, refunds learn their payment's provider and trade, any provider is accepted, the other checks still hold.
/// </summary>
public sealed class ProviderCheckMigrationTests : IDisposable
{
    private readonly SqliteMigrationScratch _db = new();

    [Fact]
    public async Task Payments_refunds_and_bill_reports_survive_and_no_provider_list_is_left()
    {
        await _db.Runner.MigrateAsync(11);
        var indexesBefore = await IndexesAsync();
        await _db.ExecuteAsync(
            "INSERT INTO payments (id, order_id, customer_id, provider, channel, out_trade_no, amount_fen, status, provider_transaction_id, created_at, updated_at, version) " +
            "VALUES (1, 10, 20, 'wechatpay', 'native', 'P1', 2590, 'Succeeded', '4200000001', '2026-06-01', '2026-06-01', 2), " +
            "(2, 11, 20, 'alipay', 'wap', 'P2', 990, 'Pending', NULL, '2026-06-01', '2026-06-01', 2);" +
            "INSERT INTO payment_notifications (id, provider, notification_id, event_type, out_trade_no, payment_id, outcome, received_at) " +
            "VALUES (5, 'wechatpay', 'EV-1', 'TRANSACTION.SUCCESS', 'P1', 1, 'paid', '2026-06-01');" +
            "INSERT INTO refunds (id, payment_id, order_id, out_refund_no, amount_fen, reason, status, created_at, updated_at, version) " +
            "VALUES (7, 1, 10, 'R7', 2590, 'order_refunded', 'Processing', '2026-06-02', '2026-06-02', 2);" +
            "INSERT INTO payment_bill_reports (id, provider, bill_date, status, due_at, discrepancy_count, created_at, updated_at) " +
            "VALUES (8, 'alipay', '2026-06-01', 'Completed', '2026-06-02', 1, '2026-06-02', '2026-06-02');" +
            "INSERT INTO payment_bill_discrepancies (id, report_id, subject, kind, out_trade_no, detail) VALUES (9, 8, 'payment', 'missing_locally', 'P9', 'not here');");

        Assert.Equal(12, Assert.Single(await _db.Runner.MigrateAsync(12)).Version);

        Assert.Equal("P1|wechatpay|native|2590|Succeeded|4200000001|2;P2|alipay|wap|990|Pending||2", await _db.ScalarAsync(
            "SELECT group_concat(out_trade_no || '|' || provider || '|' || channel || '|' || amount_fen || '|' || status || '|' || coalesce(provider_transaction_id, '') " +
            "|| '|' || version, ';') FROM (SELECT * FROM payments ORDER BY id)"));
        Assert.Equal("1|paid", await _db.ScalarAsync("SELECT payment_id || '|' || outcome FROM payment_notifications WHERE notification_id = 'EV-1'"));
        Assert.Equal("R7|1|wechatpay|P1|Processing|2", await _db.ScalarAsync(
            "SELECT out_refund_no || '|' || payment_id || '|' || provider || '|' || out_trade_no || '|' || status || '|' || version FROM refunds"));
        Assert.Equal("alipay|Completed|1|P9", await _db.ScalarAsync(
            "SELECT r.provider || '|' || r.status || '|' || r.discrepancy_count || '|' || d.out_trade_no FROM payment_bill_reports r JOIN payment_bill_discrepancies d ON d.report_id = r.id"));
        Assert.Equal("payments", await _db.ScalarAsync("SELECT \"table\" FROM pragma_foreign_key_list('payment_notifications')"));
        Assert.Equal("orders,payments", await _db.ScalarAsync("SELECT group_concat(\"table\", ',') FROM (SELECT \"table\" FROM pragma_foreign_key_list('refunds') ORDER BY 1)"));
        Assert.Equal("payment_bill_reports", await _db.ScalarAsync("SELECT \"table\" FROM pragma_foreign_key_list('payment_bill_discrepancies')"));
        Assert.Equal(indexesBefore.Append("ix_payment_history_payment").Append("ix_refund_history_refund").Order(StringComparer.Ordinal), await IndexesAsync());
        Assert.Equal(0L, long.Parse((await _db.ScalarAsync("SELECT count(*) FROM sqlite_master WHERE sql LIKE '%wechatpay%' OR sql LIKE '%''alipay''%'"))!,
            System.Globalization.CultureInfo.InvariantCulture));

        await _db.ExecuteAsync(Insert(3, "unionpay", "qr", 100, "Pending"));
        await _db.ExecuteAsync("INSERT INTO payment_bill_reports (id, provider, bill_date, status, due_at, created_at, updated_at) " +
            "VALUES (10, 'unionpay', '2026-06-01', 'Pending', '2026-06-02', '2026-06-02', '2026-06-02')");
        Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(() => _db.ExecuteAsync(Insert(4, "unionpay", "qr", 0, "Pending")))).SqliteErrorCode);
        Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(() => _db.ExecuteAsync(Insert(5, "unionpay", "qr", 100, "Paid")))).SqliteErrorCode);
        await _db.ExecuteAsync("INSERT INTO payment_history (payment_id, from_status, to_status, actor, reason, created_at) " +
            "VALUES (3, 'Created', 'Pending', 'System', 'prepay accepted', '2026-06-03')");
        Assert.Equal("3|Created|Pending", await _db.ScalarAsync("SELECT payment_id || '|' || from_status || '|' || to_status FROM payment_history"));
    }

    private async Task<string[]> IndexesAsync() => (await _db.ScalarAsync(
        "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' " +
        "AND tbl_name IN ('payments', 'payment_notifications', 'refunds', 'payment_bill_reports', 'payment_bill_discrepancies', 'payment_history', 'refund_history') " +
        "ORDER BY name)"))!.Split(',');

    private static string Insert(int id, string provider, string channel, long amountFen, string status) =>
        "INSERT INTO payments (id, order_id, customer_id, provider, channel, out_trade_no, amount_fen, status, created_at, updated_at) " +
        $"VALUES ({id}, {10 + id}, 20, '{provider}', '{channel}', 'P{id}', {amountFen}, '{status}', '2026-06-01', '2026-06-01')";

    public void Dispose() => _db.Dispose();
}
