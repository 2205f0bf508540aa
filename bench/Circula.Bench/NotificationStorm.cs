using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Circula.Bench;

/// <summary>
/// The payments "notification storm" (docs/benchmarks.md), in three steps so the run script can measure the CPU of the
/// storm alone: <c>storm-prepare</c> (buyers, orders, WeChat Pay payments, a warm-up), <c>notification-storm</c> (the
/// WeChat Pay sandbox sends every payment's notification N times at once, all payments in parallel; one sandbox call per
/// payment, because every call is a new WeChat Pay transaction, a second payment rather than a redelivery) and
/// <c>storm-verify</c> (through the API: every order paid exactly once, every payment succeeded, one status event each).
/// The steps share files in <c>--dir</c>: storm.env and storm.tsv from prepare, fired.env from the storm.
/// </summary>
public static class NotificationStorm
{
    private sealed record StormOrder(string Token, string OrderId, string PaymentId, string OutTradeNo);

    public static async Task<int> PrepareAsync(BenchArgs args)
    {
        var orders = args.Number("orders", 100);
        var warmup = args.Number("warmup", 20);
        var copies = args.Number("copies", 10);
        var dir = args.Text("dir");
        var clock = Stopwatch.StartNew();
        var (api, admin, run) = await CirculaApi.ConnectAsAdminAsync(args, 16);
        var category = await api.CreateCategoryAsync(admin, $"支付压测-{run}");

        // Not measured: the same path on other orders first, so JIT compilation and cold pools stay out of the figures.
        var warm = await PlaceAndStartPaymentsAsync(api, admin, category, $"storm-warmup-{run}", warmup);
        var warmStatuses = await Task.WhenAll(warm.Orders.Select(o => api.SandboxPayAsync(o.OutTradeNo, copies)));
        if (warmStatuses.SelectMany(s => s).FirstOrDefault(s => s is < 200 or > 299) is var bad and not 0)
        {
            throw new InvalidOperationException($"a warm-up notification was answered {bad}");
        }

        var storm = await PlaceAndStartPaymentsAsync(api, admin, category, $"storm-{run}", orders);
        Directory.CreateDirectory(dir);
        await File.WriteAllLinesAsync(Path.Combine(dir, "storm.tsv"), storm.Orders.Select(o => string.Join('\t', o.Token, o.OrderId, o.PaymentId, o.OutTradeNo)));
        var state = new BenchResults("storm-prepare");
        state.Add("STORM_SKU", storm.Sku);
        state.Add("STORM_WARMUP_SKU", warm.Sku);
        state.Add("STORM_PAID_BEFORE", await api.OrderCountAsync(admin, "paid"));
        state.Add("STORM_PREPARE_S", clock.Elapsed.TotalSeconds);
        return await state.ReportAsync(Path.Combine(dir, "storm.env"));
    }

    public static async Task<int> FireAsync(BenchArgs args)
    {
        var copies = args.Number("copies", 10);
        var dir = args.Text("dir");
        var orders = await ReadOrdersAsync(dir);
        var api = CirculaApi.Connect(args.Text("base"), orders.Count);

        var statuses = new ConcurrentDictionary<int, int>();
        var latencies = new Latencies();
        var startedAt = TimeProvider.System.GetUtcNow().UtcDateTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(orders.Select(async order =>
        {
            await Task.Yield();
            var started = clock.Elapsed;
            try
            {
                foreach (var status in await api.SandboxPayAsync(order.OutTradeNo, copies))
                {
                    statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException)
            {
                // The sandbox call itself failed (e.g. a delivery outlasted the sandbox's 10 s timeout): its copies count as unanswered.
                Console.Error.WriteLine($"sandbox call for {order.OutTradeNo} failed: {e.Message}");
            }

            latencies.Add((clock.Elapsed - started).TotalMilliseconds);
        }));
        var answered = clock.Elapsed;

        var notifications = orders.Count * copies;
        var delivered = statuses.Values.Sum();
        var succeeded = statuses.Where(s => s.Key is >= 200 and <= 299).Sum(s => s.Value);
        var results = new BenchResults("notification-storm");
        results.Add("STORM_ORDERS", orders.Count);
        results.Add("STORM_COPIES", copies);
        results.Add("STORM_NOTIFICATIONS", notifications);
        results.Add("STORM_DELIVERED", delivered);
        results.Add("STORM_STATUSES", string.Join(",", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}:{s.Value}")));
        results.Add("STORM_STARTED_AT", startedAt.ToString("O", CultureInfo.InvariantCulture));
        results.Add("STORM_ANSWERED_MS", answered.TotalMilliseconds);
        results.Add("STORM_RATE", delivered / answered.TotalSeconds);
        results.Add("STORM_CALL_P50_MS", latencies.Percentile(50));
        results.Add("STORM_CALL_P99_MS", latencies.Percentile(99));
        results.Add("STORM_CALL_MAX_MS", latencies.Percentile(100));
        results.Expect(delivered == notifications, $"{delivered} deliveries answered, expected {notifications}");
        results.Expect(succeeded == delivered, $"{delivered - succeeded} deliveries were not answered with a success status ({string.Join(",", statuses.Select(s => $"{s.Key}:{s.Value}"))})");
        return await results.ReportAsync(Path.Combine(dir, "fired.env"));
    }

    public static async Task<int> VerifyAsync(BenchArgs args)
    {
        var dir = args.Text("dir");
        var orders = await ReadOrdersAsync(dir);
        var state = await ReadEnvAsync(Path.Combine(dir, "storm.env"));
        var fired = await ReadEnvAsync(Path.Combine(dir, "fired.env"));
        var startedAt = DateTime.Parse(fired["STORM_STARTED_AT"], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        var (api, admin, _) = await CirculaApi.ConnectAsAdminAsync(args, 16);

        var views = new ConcurrentBag<(JsonElement Order, string PaymentStatus)>();
        await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (o, _) => views.Add((await api.OrderAsync(admin, o.OrderId), await api.PaymentStatusAsync(o.Token, o.PaymentId))));
        var paid = views.Count(v => v.Order.GetProperty("status").GetString() == "paid");
        var succeeded = views.Count(v => v.PaymentStatus == "succeeded");
        var paidEntries = views.Select(v => v.Order.GetProperty("history").EnumerateArray().Count(h => h.GetProperty("to").GetString() == "paid")).ToList();
        var paidAt = views.Select(v => v.Order.GetProperty("paidAt")).Where(p => p.ValueKind == JsonValueKind.String)
            .Select(p => p.GetDateTime().ToUniversalTime()).Order().ToList();

        var ours = orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        var statusEvents = (await api.OutboxPayloadsAsync(admin, "order.status-changed.v1"))
            .Where(p => ours.Contains(p.GetProperty("orderId").GetString()!) && p.GetProperty("to").GetString() == "paid")
            .CountBy(p => p.GetProperty("orderId").GetString()!).ToList();
        var paymentEvents = (await api.OutboxPayloadsAsync(admin, "payment.status-changed.v1"))
            .Where(p => ours.Contains(p.GetProperty("orderId").GetString()!) && p.GetProperty("to").GetString() == "succeeded")
            .CountBy(p => p.GetProperty("orderId").GetString()!).ToList();
        var paidDelta = await api.OrderCountAsync(admin, "paid") - long.Parse(state["STORM_PAID_BEFORE"], CultureInfo.InvariantCulture);

        var n = orders.Count;
        var results = new BenchResults("storm-verify");
        results.Add("STORM_API_PAID", paid);
        results.Add("STORM_API_PAID_DELTA", paidDelta);
        results.Add("STORM_API_SUCCEEDED", succeeded);
        results.Add("STORM_API_PAID_ENTRIES", paidEntries.Sum());
        results.Add("STORM_API_STATUS_EVENTS", statusEvents.Sum(e => e.Value));
        results.Add("STORM_API_PAYMENT_EVENTS", paymentEvents.Sum(e => e.Value));
        results.Add("STORM_FIRST_PAID_MS", paidAt.Count > 0 ? (paidAt[0] - startedAt).TotalMilliseconds : double.NaN);
        results.Add("STORM_ALL_PAID_MS", paidAt.Count == n ? (paidAt[^1] - startedAt).TotalMilliseconds : double.NaN);
        results.Expect(paid == n, $"{paid} of {n} orders are paid");
        results.Expect(paidDelta == n, $"the paid orders grew by {paidDelta}, expected {n}");
        results.Expect(succeeded == n, $"{succeeded} of {n} payments succeeded");
        results.Expect(paidEntries.All(c => c == 1), $"{paidEntries.Count(c => c != 1)} orders do not have exactly one paid history entry");
        results.Expect(statusEvents.Count == n && statusEvents.All(e => e.Value == 1),
            $"order.status-changed to Paid: {statusEvents.Count} orders have one or more, {statusEvents.Count(e => e.Value > 1)} more than one; expected one for each of {n}");
        results.Expect(paymentEvents.Count == n && paymentEvents.All(e => e.Value == 1),
            $"payment.status-changed to succeeded: {paymentEvents.Count} orders have one or more, {paymentEvents.Count(e => e.Value > 1)} more than one; expected one for each of {n}");
        return await results.ReportAsync(Path.Combine(dir, "verified.env"));
    }

    /// <summary>Signs in one new buyer per order, places one order each of a new SKU, and starts its WeChat Pay JSAPI payment.</summary>
    private static async Task<(long Sku, StormOrder[] Orders)> PlaceAndStartPaymentsAsync(CirculaApi api, string admin, long category, string name, int count)
    {
        var sku = await api.CreateOnShelfSkuAsync(admin, category, name, count);
        var buyers = await Buyers.SignInAsync(api, name, count, 16);
        var orders = new StormOrder[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var orderId = await api.PlaceOrderForIdAsync(buyers[i].AccessToken, sku, $"{name}-{i}");
            var (paymentId, outTradeNo) = await api.CreateWeChatPayPaymentAsync(buyers[i].AccessToken, orderId);
            orders[i] = new StormOrder(buyers[i].AccessToken, orderId, paymentId, outTradeNo);
        });
        return (sku, orders);
    }

    private static async Task<List<StormOrder>> ReadOrdersAsync(string dir) =>
        (await File.ReadAllLinesAsync(Path.Combine(dir, "storm.tsv")))
        .Select(line => line.Split('\t'))
        .Select(f => new StormOrder(f[0], f[1], f[2], f[3]))
        .ToList();

    private static async Task<Dictionary<string, string>> ReadEnvAsync(string file) =>
        (await File.ReadAllLinesAsync(file)).Select(line => line.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
}
