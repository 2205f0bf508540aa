namespace Circula.Catalog.Browse;

/// <summary>
/// The catalog version this process last read from catalog_version (<see cref="CatalogVersionWatcher"/>). Browse cache
/// keys carry it, so an edit on any replica makes every replica's cached answers unreachable once it has polled.
/// </summary>
public sealed class CatalogVersion
{
    private long _current = -1;

    /// <summary>Null until the first poll: nothing is cached before this process knows the version.</summary>
    public long? Current => Volatile.Read(ref _current) is var current and >= 0 ? current : null;

    /// <summary>Moves to <paramref name="version"/> unless a newer one is known already: a poll that started before this
    /// process's own commit must not take it back to a version whose cached answers predate that commit.</summary>
    internal void Advance(long version)
    {
        var seen = Volatile.Read(ref _current);
        while (version > seen && Interlocked.CompareExchange(ref _current, version, seen) is var actual && actual != seen)
        {
            seen = actual;
        }
    }
}
