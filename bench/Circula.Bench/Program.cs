using Circula.Bench;

// The benchmark driver: prepares data for wrk and pgbench, and runs the flash sale. See docs/benchmarks.md.
const string Usage = """
    usage:
      Circula.Bench setup --base URL --admin-password P [--skus 200] [--buyers 500] [--stock 1000000] --out DIR
      Circula.Bench flash-sale --base URL --admin-password P [--stock 1000] [--buyers 5000] [--concurrency 64] [--results FILE]
    """;

try
{
    return args switch
    {
        ["setup", .. var rest] => await Setup.RunAsync(new BenchArgs(rest)),
        ["flash-sale", .. var rest] => await FlashSale.RunAsync(new BenchArgs(rest)),
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
