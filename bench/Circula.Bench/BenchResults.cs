using System.Globalization;

namespace Circula.Bench;

/// <summary>
/// A scenario's figures as KEY=value lines (printed, and written to a file the run script sources) and the checks that
/// must hold; any failed check makes the exit code 1.
/// </summary>
public sealed class BenchResults(string scenario)
{
    private readonly List<(string Key, string Value)> _values = [];
    private readonly List<string> _failures = [];

    public void Add(string key, string value) => _values.Add((key, value));

    public void Add(string key, long value) => Add(key, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Milliseconds, rates and the like, with one decimal.</summary>
    public void Add(string key, double value) => Add(key, value.ToString("F1", CultureInfo.InvariantCulture));

    public void Expect(bool holds, string otherwise)
    {
        if (!holds)
        {
            _failures.Add(otherwise);
        }
    }

    /// <summary>Prints the figures, writes them to <paramref name="file"/> when given, prints every failed check; 0 when all held.</summary>
    public async Task<int> ReportAsync(string? file)
    {
        foreach (var (key, value) in _values)
        {
            Console.WriteLine($"{key}={value}");
        }

        if (file is not null)
        {
            await File.WriteAllLinesAsync(file, _values.Select(v => $"{v.Key}={v.Value}"));
        }

        foreach (var failure in _failures)
        {
            Console.Error.WriteLine($"{scenario} FAILED: {failure}");
        }

        return _failures.Count == 0 ? 0 : 1;
    }
}
