using System.Globalization;

namespace Circula.Tests.Infrastructure;

/// <summary>Reads a counter from the server's own /metrics, as Prometheus would.</summary>
public static class ScrapedMetrics
{
    /// <summary>The sum of <paramref name="series"/> over its lines carrying every label given as <c>name="value"</c> (this server counts every test's traffic).</summary>
    public static async Task<long> CountedAsync(this CirculaServer server, string series, params string[] labels)
    {
        var text = await server.Client.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(l => l.StartsWith(series + "{", StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal)))
            .Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>The value of the gauge <paramref name="series"/> (one line, whatever its labels).</summary>
    public static async Task<double> GaugeAsync(this CirculaServer server, string series)
    {
        var text = await server.Client.GetStringAsync("/metrics");
        var line = text.Split('\n').Single(l => l.StartsWith(series + "{", StringComparison.Ordinal) || l.StartsWith(series + " ", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }
}
