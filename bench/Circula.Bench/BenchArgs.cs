using System.Globalization;

namespace Circula.Bench;

/// <summary>The "--name value" pairs that follow a subcommand.</summary>
public sealed class BenchArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public BenchArgs(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }

            _values[args[i][2..]] = args[i + 1];
        }
    }

    public string Text(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");

    public string? OptionalText(string name) => _values.GetValueOrDefault(name);

    public int Number(string name, int fallback) =>
        _values.TryGetValue(name, out var value)
            ? int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture) is > 0 and var n ? n : throw new ArgumentException($"--{name} must be positive")
            : fallback;
}
