using Circula;
using Circula.Bench.Search;
using Circula.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Writes bench listings into the database the Circula__* environment variables name, through the product's own code:
// each listing is drafted, submitted and approved on the listing state machine (with its history rows) and indexed by
// ListingSearchSync in the same transaction, exactly as a seller's and an operator's requests would. See docs/benchmarks.md.
if (args is not ["listings", var countText] || !int.TryParse(countText, out var count) || count < 1)
{
    Console.Error.WriteLine("usage: Circula.Bench.Search listings COUNT   (the database from Circula__Database__*; the demo sellers must exist)");
    return 2;
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
builder.Logging.ClearProviders();
builder.Services.AddCirculaModules(endpoints: false);
using var host = builder.Build();
var elapsed = System.Diagnostics.Stopwatch.StartNew();
await BenchListings.WriteAsync(host.Services, count, CancellationToken.None);
Console.WriteLine($"{count} listings written and indexed in {elapsed.Elapsed.TotalSeconds:F0} s");
return 0;
