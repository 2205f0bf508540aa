using Circula.Data;
using Circula.Shared.Work;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Catalog.Browse;

/// <summary>
/// Runs on every replica, whatever <c>Circula:Workers:Enabled</c> says, since each replica answers from its own
/// <see cref="BrowseCache"/>: every <see cref="BrowseCacheOptions.VersionCheckInterval"/> it reads the one-row
/// catalog_version (a primary-key look-up) into <see cref="CatalogVersion"/>.
/// </summary>
public sealed class CatalogVersionWatcher(
    DbConnectionFactory connections, CatalogVersion version, IOptions<BrowseCacheOptions> options, DatabaseOutage outage,
    ILogger<CatalogVersionWatcher> logger)
    : PollingWorker(new WorkerOptions(), TimeSpan.Zero, outage, logger)
{
    protected override string Name => nameof(CatalogVersionWatcher);

    // Read when the loop starts: hosted services are built before options are validated.
    protected override TimeSpan Interval => options.Value.VersionCheckInterval;

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM catalog_version WHERE id = 1";
        version.Advance(Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    }
}
