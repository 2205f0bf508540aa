using System.Diagnostics;
using System.Globalization;

namespace Circula.Bench;

/// <summary>
/// Data for the "place order" scenario: a category, N on-shelf products with one SKU each and large stock, and M
/// signed-in sandbox buyers. Writes skus.txt and tokens.txt (one per line, for wrk) and pgbench.env (the id ranges
/// pgbench draws from).
/// </summary>
public static class Setup
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var skuCount = args.Number("skus", 200);
        var buyerCount = args.Number("buyers", 500);
        var stock = args.Number("stock", 1_000_000);
        var outDir = args.Text("out");
        var clock = Stopwatch.StartNew();
        var (api, admin, run) = await CirculaApi.ConnectAsAdminAsync(args, 16);
        var category = await api.CreateCategoryAsync(admin, $"压测-{run}");
        var skus = new List<long>(skuCount);
        for (var i = 0; i < skuCount; i++)
        {
            // One after another, so the identity column hands out one unbroken range of SKU ids.
            skus.Add(await api.CreateOnShelfSkuAsync(admin, category, $"bench-{run}-{i}", stock));
        }

        var buyers = await Buyers.SignInAsync(api, "bench-buyer", buyerCount, 16);
        var (skuMin, skuMax) = Buyers.ContiguousRange(skus, "SKU");
        var (userMin, userMax) = Buyers.ContiguousRange(buyers.Select(b => b.UserId).ToList(), "buyer");

        Directory.CreateDirectory(outDir);
        await File.WriteAllLinesAsync(Path.Combine(outDir, "skus.txt"), skus.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        await File.WriteAllLinesAsync(Path.Combine(outDir, "tokens.txt"), buyers.Select(b => b.AccessToken));
        await File.WriteAllLinesAsync(Path.Combine(outDir, "pgbench.env"),
            [$"SKU_MIN={skuMin}", $"SKU_MAX={skuMax}", $"USER_MIN={userMin}", $"USER_MAX={userMax}"]);
        Console.WriteLine($"setup: {skuCount} SKUs ({skuMin}..{skuMax}, {stock} each), {buyerCount} buyers ({userMin}..{userMax}) in {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
