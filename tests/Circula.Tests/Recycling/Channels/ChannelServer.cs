using Circula.Data;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Recycling.Channels;

/// <summary>
/// A server with two recycling channels, each a loopback partner: alpha (priority 1, paper, everywhere) and beta (priority 2,
/// paper, 杭州市). Calls time out after two seconds; breakers open only after five failures, so tests here exercise
/// failover, and only <see cref="ChannelDispatchTests{TServer}"/> (which confirms pickups) counts on where the breaker stands.
/// The refresh job looks for quiet channel orders every second.
/// </summary>
public abstract class ChannelServer : CirculaServer
{
    public const string AlphaSecret = "alpha-secret-0123456789-abcdefghijk";
    public const string BetaSecret = "beta-secret-0123456789-abcdefghijkl";

    public ChannelPeer Alpha { get; private set; } = null!;

    public ChannelPeer Beta { get; private set; } = null!;

    protected override IEnumerable<string> ExtraSettings =>
    [
        .. base.ExtraSettings,
        .. Channel(0, Alpha, 1, "*"),
        .. Channel(1, Beta, 2, "杭州市"),
        "Circula:Recycling:ChannelRefreshEvery=00:00:01",
    ];

    private static IEnumerable<string> Channel(int i, ChannelPeer peer, int priority, string coverage) =>
    [
        $"Circula:Recycling:Channels:{i}:Name={peer.Name}",
        $"Circula:Recycling:Channels:{i}:Endpoint={peer.BaseUrl}",
        $"Circula:Recycling:Channels:{i}:Secret={peer.Secret}",
        $"Circula:Recycling:Channels:{i}:Priority={priority}",
        $"Circula:Recycling:Channels:{i}:Categories:0=废纸",
        $"Circula:Recycling:Channels:{i}:Coverage:0={coverage}",
        $"Circula:Recycling:Channels:{i}:Timeout=00:00:02",
        $"Circula:Recycling:Channels:{i}:BreakAfterFailures=5",
    ];

    protected override async Task StartDependenciesAsync()
    {
        Alpha = new ChannelPeer("alpha", AlphaSecret, Clock);
        Beta = new ChannelPeer("beta", BetaSecret, Clock);
        await Alpha.StartAsync();
        await Beta.StartAsync();
    }

    protected override async ValueTask StopDependenciesAsync()
    {
        await Alpha.DisposeAsync();
        await Beta.DisposeAsync();
    }
}

public sealed class ChannelSqliteServer : ChannelServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class ChannelPostgresServer : ChannelServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
