namespace Circula.Bench;

public static class Buyers
{
    /// <summary>Signs in <paramref name="count"/> sandbox WeChat customers, code "<paramref name="prefix"/>-i" each (the same code is the same user again).</summary>
    public static async Task<Buyer[]> SignInAsync(CirculaApi api, string prefix, int count, int concurrency)
    {
        var buyers = new Buyer[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (i, _) => buyers[i] = await api.SignInBuyerAsync($"{prefix}-{i}"));
        return buyers;
    }

    /// <summary>The lowest and highest id, checked to be one unbroken range (pgbench draws ids at random between them).</summary>
    public static (long Min, long Max) ContiguousRange(IReadOnlyCollection<long> ids, string what)
    {
        var (min, max) = (ids.Min(), ids.Max());
        if (max - min + 1 != ids.Distinct().Count())
        {
            throw new InvalidOperationException($"the {what} ids {min}..{max} are not one unbroken range of {ids.Count}; run setup on a fresh database");
        }

        return (min, max);
    }
}
