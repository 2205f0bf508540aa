using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Circula.Bench;

/// <summary>
/// One hot SKU with a small stock and many more buyers than pieces: every buyer sends exactly one order of one piece,
/// with bounded concurrency. Passes only when exactly the stock was sold (201), everyone else was refused with 409,
/// and the inventory and the order count agree: no oversell, no lost sale.
/// </summary>
public static class FlashSale
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var stock = args.Number("stock", 1000);
        var buyerCount = args.Number("buyers", 5000);
        var concurrency = args.Number("concurrency", 64);
        var api = CirculaApi.Connect(args.Text("base"), concurrency);

        var admin = await api.AdminLoginAsync(args.Text("admin-password"));
        var run = Guid.NewGuid().ToString("N")[..8];
        var sku = await api.CreateOnShelfSkuAsync(admin, await api.CreateCategoryAsync(admin, $"闪购-{run}"), $"flash-{run}", stock);
        var buyers = await Buyers.SignInAsync(api, $"flash-{run}", buyerCount, 32);
        var ordersBefore = await api.OrderCountAsync(admin);

        var statuses = new ConcurrentDictionary<int, int>();
        var latencies = new Latencies();
        var sold = 0;
        TimeSpan? soldOutAfter = null;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(buyers, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (buyer, _) =>
        {
            var started = clock.Elapsed;
            var status = await api.PlaceOrderAsync(buyer.AccessToken, sku, $"flash-{run}-{buyer.UserId}");
            latencies.Add((clock.Elapsed - started).TotalMilliseconds);
            statuses.AddOrUpdate((int)status, 1, (_, n) => n + 1);
            if (status == HttpStatusCode.Created && Interlocked.Increment(ref sold) == stock)
            {
                soldOutAfter = clock.Elapsed;
            }
        });
        var total = clock.Elapsed;

        var figures = await api.StockAsync(admin, sku);
        var ordersPlaced = await api.OrderCountAsync(admin) - ordersBefore;
        var refused = statuses.GetValueOrDefault(409);
        var other = statuses.Where(s => s.Key is not (201 or 409)).Sum(s => s.Value);
        var oversold = Math.Max(0, Math.Max(sold, figures.Reserved) - stock);
        var results = new (string Key, string Value)[]
        {
            ("FLASH_SKU", Text(sku)),
            ("FLASH_STOCK", Text(stock)),
            ("FLASH_BUYERS", Text(buyerCount)),
            ("FLASH_CONCURRENCY", Text(concurrency)),
            ("FLASH_SOLD", Text(sold)),
            ("FLASH_REFUSED", Text(refused)),
            ("FLASH_OTHER", Text(other)),
            ("FLASH_STATUSES", string.Join(",", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}:{s.Value}"))),
            ("FLASH_OVERSOLD", Text(oversold)),
            ("FLASH_ORDERS_PLACED", Text(ordersPlaced)),
            ("FLASH_AVAILABLE", Text(figures.Available)),
            ("FLASH_RESERVED", Text(figures.Reserved)),
            ("FLASH_SOLD_OUT_MS", soldOutAfter is { } t ? Text(t.TotalMilliseconds) : "never"),
            ("FLASH_TOTAL_MS", Text(total.TotalMilliseconds)),
            ("FLASH_P50_MS", Text(latencies.Percentile(50))),
            ("FLASH_P99_MS", Text(latencies.Percentile(99))),
        };
        foreach (var (key, value) in results)
        {
            Console.WriteLine($"{key}={value}");
        }

        if (args.OptionalText("results") is { } file)
        {
            await File.WriteAllLinesAsync(file, results.Select(r => $"{r.Key}={r.Value}"));
        }

        var failures = new List<string>();
        Expect(failures, sold == stock, $"{sold} orders answered 201, expected {stock}");
        Expect(failures, other == 0, $"{other} answers other than 201 and 409 ({string.Join(",", statuses.Select(s => $"{s.Key}:{s.Value}"))})");
        Expect(failures, figures.Available == 0 && figures.Reserved == stock && figures.OnHand == stock,
            $"inventory is on-hand {figures.OnHand}, reserved {figures.Reserved}, available {figures.Available}; expected {stock}, {stock}, 0");
        Expect(failures, ordersPlaced == stock, $"{ordersPlaced} orders were created, expected {stock}");
        foreach (var failure in failures)
        {
            Console.Error.WriteLine("flash-sale FAILED: " + failure);
        }

        return failures.Count == 0 ? 0 : 1;
    }

    private static void Expect(List<string> failures, bool holds, string otherwise)
    {
        if (!holds)
        {
            failures.Add(otherwise);
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
