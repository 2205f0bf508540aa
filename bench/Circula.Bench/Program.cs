using Circula.Bench;

// The benchmark driver: prepares data for wrk and pgbench, runs the flash sale and the payments notification storm. See docs/benchmarks.md.
const string Usage = """
    usage:
      Circula.Bench setup --base URL --admin-password P [--skus 200] [--buyers 500] [--stock 1000000] --out DIR
      Circula.Bench flash-sale --base URL --admin-password P [--stock 1000] [--buyers 5000] [--concurrency 64] [--also URL] [--results FILE]
      Circula.Bench order-stream --base URL --admin-password P [--seconds 15] [--concurrency 16] [--attempts 5] --out DIR
      Circula.Bench storm-prepare --base URL --admin-password P [--orders 100] [--warmup 20] [--copies 10] --dir DIR
      Circula.Bench notification-storm --base URL [--copies 10] --dir DIR
      Circula.Bench storm-verify --base URL --admin-password P --dir DIR
    """;

try
{
    return args switch
    {
        ["setup", .. var rest] => await Setup.RunAsync(new BenchArgs(rest)),
        ["flash-sale", .. var rest] => await FlashSale.RunAsync(new BenchArgs(rest)),
        ["order-stream", .. var rest] => await OrderStream.RunAsync(new BenchArgs(rest)),
        ["storm-prepare", .. var rest] => await NotificationStorm.PrepareAsync(new BenchArgs(rest)),
        ["notification-storm", .. var rest] => await NotificationStorm.FireAsync(new BenchArgs(rest)),
        ["storm-verify", .. var rest] => await NotificationStorm.VerifyAsync(new BenchArgs(rest)),
        _ => Fail(Usage),
    };
}
catch (Exception e) when (e is ArgumentException or HttpRequestException or InvalidOperationException)
{
    return Fail(e.Message);
}

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}
