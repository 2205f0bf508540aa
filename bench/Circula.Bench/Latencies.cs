namespace Circula.Bench;

/// <summary>Latencies in milliseconds, collected from many tasks; percentiles by nearest rank.</summary>
public sealed class Latencies
{
    private readonly List<double> _values = [];

    public void Add(double milliseconds)
    {
        lock (_values)
        {
            _values.Add(milliseconds);
        }
    }

    public double Percentile(double p)
    {
        lock (_values)
        {
            if (_values.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _values.Order().ToList();
            return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
        }
    }
}
