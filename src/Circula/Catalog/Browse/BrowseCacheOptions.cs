namespace Circula.Catalog.Browse;

/// <summary>The browse cache (Circula:Catalog:BrowseCache): public product lists and details kept in memory per replica.</summary>
public sealed class BrowseCacheOptions
{
    public const string Section = "Circula:Catalog:BrowseCache";

    /// <summary>Off: every request reads the database (benchmarks compare the two).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often each replica reads catalog_version: an operator's edit is seen everywhere within this and one query.</summary>
    public TimeSpan VersionCheckInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a product's details are kept. They show stock, which orders change without touching the catalog (Inventory
    /// tells Catalog nothing in a transaction), so details are reread this often whatever the version says.
    /// </summary>
    public TimeSpan DetailLifetime { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long a list page is kept; a new catalog version makes it unreachable before that. Short, because keywords and
    /// price filters are free: what a stream of distinct queries can make this replica hold is bounded by it.
    /// </summary>
    public TimeSpan ListLifetime { get; set; } = TimeSpan.FromSeconds(10);
}
