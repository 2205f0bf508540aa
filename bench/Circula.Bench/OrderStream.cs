using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Circula.Bench;

/// <summary>
/// Orders placed without pause for --seconds by --concurrency clients, while replicas are killed or stopped under it
/// (scripts/cluster-e2e.sh). Each order has its own Idempotency-Key; an answer of 502 or 503 or a broken connection is
/// sent again with the same key, 1 s later, up to --attempts times in all, as a mini program would (a client also
/// waits 1 s after its last failed attempt before its next order). Writes to --out:
/// started (when the load begins), placed.txt (ids of the orders answered 201), broken.txt (keys whose last attempt
/// ended without an answer) and results.env. The checks are the script's: it compares these files with the database.
/// </summary>
public static class OrderStream
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var seconds = args.Number("seconds", 15);
        var concurrency = args.Number("concurrency", 16);
        var attempts = args.Number("attempts", 5);
        var outDir = args.Text("out");
        var (api, admin, run) = await CirculaApi.ConnectAsAdminAsync(args, concurrency);
        var sku = await api.CreateOnShelfSkuAsync(admin, await api.CreateCategoryAsync(admin, $"不停下单-{run}"), $"stream-{run}", 1_000_000);
        var buyers = await Buyers.SignInAsync(api, $"stream-{run}", concurrency * 2, 16);

        var placed = new ConcurrentBag<string>();
        var broken = new ConcurrentBag<string>();
        var finals = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentDictionary<string, int>();
        var sequence = 0;
        Directory.CreateDirectory(outDir);
        await File.WriteAllTextAsync(Path.Combine(outDir, "started"), "");
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, concurrency), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (client, _) =>
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                var n = Interlocked.Increment(ref sequence);
                var key = $"stream-{run}-{n}";
                var buyer = buyers[n % buyers.Length];
                PlaceAttempt outcome;
                for (var attempt = 1; ; attempt++)
                {
                    outcome = await api.TryPlaceOrderAsync(buyer.AccessToken, sku, key);
                    if (!outcome.Retryable)
                    {
                        break;
                    }

                    failures.AddOrUpdate(outcome.Outcome, 1, (_, c) => c + 1);
                    await Task.Delay(TimeSpan.FromSeconds(1));
                    if (attempt == attempts)
                    {
                        break;
                    }
                }

                finals.AddOrUpdate(outcome.Outcome, 1, (_, c) => c + 1);
                if (outcome.OrderId is { } id)
                {
                    placed.Add(id);
                }
                else if (outcome.Status is null)
                {
                    broken.Add(key);
                }
            }
        });

        await File.WriteAllLinesAsync(Path.Combine(outDir, "placed.txt"), placed);
        await File.WriteAllLinesAsync(Path.Combine(outDir, "broken.txt"), broken);
        var results = new BenchResults("order-stream");
        results.Add("STREAM_SKU", sku);
        results.Add("STREAM_ORDERS", sequence);
        results.Add("STREAM_PLACED", placed.Count);
        results.Add("STREAM_BROKEN", broken.Count);
        results.Add("STREAM_FINAL", Summary(finals));
        results.Add("STREAM_FAILED_ATTEMPTS", Summary(failures));
        return await results.ReportAsync(Path.Combine(outDir, "results.env"));
    }

    private static string Summary(ConcurrentDictionary<string, int> counts) =>
        counts.IsEmpty ? "none" : string.Join(",", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}:{c.Value}"));
}

/// <summary>
/// One attempt to place an order: the status and the order's id when there was an answer, otherwise what broke
/// ("refused" when no connection was made, so the request surely was not sent; "broken" for any other failure).
/// </summary>
public sealed record PlaceAttempt(HttpStatusCode? Status, string? OrderId, string Outcome)
{
    public bool Retryable => Status is null or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable;
}
