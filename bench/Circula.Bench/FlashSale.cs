using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Circula.Bench;

/// <summary>
/// One hot SKU with a small stock and many more buyers than pieces: every buyer sends exactly one order of one piece,
/// with bounded concurrency. Passes only when exactly the stock was sold (201), everyone else was refused with 409,
/// and the inventory and the order count agree: no oversell, no lost sale. With --also URL (another server process on the
/// same database) the buyers alternate between the two, as replicas behind a load balancer would share them.
/// </summary>
public static class FlashSale
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var stock = args.Number("stock", 1000);
        var buyerCount = args.Number("buyers", 5000);
        var concurrency = args.Number("concurrency", 64);
        var (api, admin, run) = await CirculaApi.ConnectAsAdminAsync(args, concurrency);
        CirculaApi[] servers = args.OptionalText("also") is { } also ? [api, CirculaApi.Connect(also, concurrency)] : [api];
        var sku = await api.CreateOnShelfSkuAsync(admin, await api.CreateCategoryAsync(admin, $"闪购-{run}"), $"flash-{run}", stock);
        var buyers = await Buyers.SignInAsync(api, $"flash-{run}", buyerCount, 32);
        var ordersBefore = await api.OrderCountAsync(admin);

        var statuses = new ConcurrentDictionary<int, int>();
        var latencies = new Latencies();
        var sold = 0;
        TimeSpan? soldOutAfter = null;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(buyers.Select((buyer, i) => (buyer, i)), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (next, _) =>
        {
            var (buyer, i) = next;
            var started = clock.Elapsed;
            var status = await servers[i % servers.Length].PlaceOrderAsync(buyer.AccessToken, sku, $"flash-{run}-{buyer.UserId}");
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
        var results = new BenchResults("flash-sale");
        results.Add("FLASH_SKU", sku);
        results.Add("FLASH_STOCK", stock);
        results.Add("FLASH_BUYERS", buyerCount);
        results.Add("FLASH_CONCURRENCY", concurrency);
        results.Add("FLASH_SERVERS", servers.Length);
        results.Add("FLASH_SOLD", sold);
        results.Add("FLASH_REFUSED", refused);
        results.Add("FLASH_OTHER", other);
        results.Add("FLASH_STATUSES", string.Join(",", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}:{s.Value}")));
        results.Add("FLASH_OVERSOLD", oversold);
        results.Add("FLASH_ORDERS_PLACED", ordersPlaced);
        results.Add("FLASH_AVAILABLE", figures.Available);
        results.Add("FLASH_RESERVED", figures.Reserved);
        if (soldOutAfter is { } t)
        {
            results.Add("FLASH_SOLD_OUT_MS", t.TotalMilliseconds);
        }
        else
        {
            results.Add("FLASH_SOLD_OUT_MS", "never");
        }

        results.Add("FLASH_TOTAL_MS", total.TotalMilliseconds);
        results.Add("FLASH_P50_MS", latencies.Percentile(50));
        results.Add("FLASH_P99_MS", latencies.Percentile(99));

        results.Expect(sold == stock, $"{sold} orders answered 201, expected {stock}");
        results.Expect(other == 0, $"{other} answers other than 201 and 409 ({string.Join(",", statuses.Select(s => $"{s.Key}:{s.Value}"))})");
        results.Expect(figures.Available == 0 && figures.Reserved == stock && figures.OnHand == stock,
            $"inventory is on-hand {figures.OnHand}, reserved {figures.Reserved}, available {figures.Available}; expected {stock}, {stock}, 0");
        results.Expect(ordersPlaced == stock, $"{ordersPlaced} orders were created, expected {stock}");
        return await results.ReportAsync(args.OptionalText("results"));
    }
}
