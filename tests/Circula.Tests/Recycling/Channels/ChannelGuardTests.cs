using Circula.Recycling.Appointments;
using Circula.Recycling.Channels;
using Circula.Recycling.Contracts;
using Circula.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Circula.Tests.Recycling.Channels;

/// <summary>
/// One channel as configured, against the loopback partner: every request's HMAC is checked by the peer; the timeout, the
/// circuit breaker (opens after failures, refuses without calling, lets one call through after its break and closes on
/// success) on the test clock; refusals are answers and do not count.
/// </summary>
public sealed class ChannelGuardTests : IAsyncLifetime
{
    private const string Secret = "partner-secret-0123456789-abcdefghij";
    private readonly ManualClock _clock = new();
    private ChannelPeer _peer = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _peer = new ChannelPeer("alpha", Secret, _clock);
        await _peer.StartAsync();
        _services = Provider(new()
        {
            ["Circula:Recycling:Channels:0:Name"] = "alpha",
            ["Circula:Recycling:Channels:0:Endpoint"] = _peer.BaseUrl,
            ["Circula:Recycling:Channels:0:Secret"] = Secret,
            ["Circula:Recycling:Channels:0:Categories:0"] = "废纸",
            ["Circula:Recycling:Channels:0:Coverage:0"] = "杭州市/西湖区",
            ["Circula:Recycling:Channels:0:Timeout"] = "00:00:05",
            ["Circula:Recycling:Channels:0:BreakAfterFailures"] = "3",
            ["Circula:Recycling:Channels:0:BreakFor"] = "00:00:30",
        });
    }

    private ServiceProvider Provider(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton<TimeProvider>(_clock)
            .AddLogging()
            .AddRecyclingChannels()
            .BuildServiceProvider();

    private static readonly ChannelPickup Pickup = new(7212345678901234567, 3, "废纸/纸箱", 700,
        new PickupContact("王小明", "13812345678", new PickupAddress("浙江省", "杭州市", "西湖区", "文三路 90 号", 30.27, 120.13)),
        new DateTime(2026, 12, 3, 1, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 3, 3, 0, 0, DateTimeKind.Utc));

    private IRecyclingChannel Channel => _services.GetRequiredService<ChannelRegistry>().All.Single();

    private Task<ChannelAnswer<ChannelOrderAnswer>> PlaceAsync() =>
        _services.GetRequiredService<ChannelGuards>().RunAsync(Channel.Info, t => Channel.CreateOrderAsync(Pickup, t), CancellationToken.None).AsTask();

    [Fact]
    public async Task Every_call_is_signed_as_the_partner_checks_and_answers_are_read()
    {
        var order = await PlaceAsync();
        var quote = await Channel.QuoteAsync(Pickup, CancellationToken.None);
        var status = await Channel.GetStatusAsync(Pickup.AppointmentId, order.Value!.ExternalId, CancellationToken.None);
        var cancelled = await Channel.CancelAsync(Pickup.AppointmentId, order.Value.ExternalId, "客户取消", CancellationToken.None);

        Assert.Equal(("alpha-7212345678901234567", ChannelOrderStatus.Accepted), (order.Value.ExternalId, order.Value.Status));
        Assert.Equal(1850, quote.Value!.PriceFen);
        Assert.Equal((ChannelOrderStatus.Assigned, ChannelOrderStatus.Cancelled), (status.Value!.Status, cancelled.Value!.Status));
        Assert.Equal((4, 0), (_peer.Verified, _peer.SignatureFailures.Count));
        var sent = _peer.Orders["7212345678901234567"];
        Assert.Equal(("废纸/纸箱", "13812345678", "西湖区"), (sent.GetProperty("category").GetString(), sent.GetProperty("contactPhone").GetString(),
            sent.GetProperty("address").GetProperty("district").GetString()));
    }

    [Fact]
    public async Task A_refusal_is_an_answer_and_a_hanging_partner_times_out()
    {
        _peer.Mode = PeerMode.Refuses;
        var refused = await PlaceAsync();
        Assert.Equal("area_not_covered", refused.Refusal!.Code);

        _peer.Mode = PeerMode.Hangs;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAsync<TimeoutRejectedException>(PlaceAsync);
        Assert.InRange(waited.Elapsed, TimeSpan.FromMilliseconds(4900), TimeSpan.FromSeconds(20));

        _peer.Mode = PeerMode.Slow;
        Assert.NotNull((await PlaceAsync()).Value);
    }

    [Fact]
    public async Task The_breaker_opens_after_failures_refuses_without_calling_and_closes_after_its_break()
    {
        _peer.Mode = PeerMode.Fails500;
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<ChannelUnavailableException>(PlaceAsync);
        }

        _peer.Mode = PeerMode.Healthy;
        await Assert.ThrowsAsync<BrokenCircuitException>(PlaceAsync);
        Assert.Equal(3, _peer.Requests.Count);

        _clock.Advance(TimeSpan.FromSeconds(29));
        await Assert.ThrowsAsync<BrokenCircuitException>(PlaceAsync);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.NotNull((await PlaceAsync()).Value);
        Assert.NotNull((await PlaceAsync()).Value);
        Assert.Equal(5, _peer.Requests.Count);
    }

    [Fact]
    public async Task A_failed_trial_call_opens_the_breaker_again()
    {
        _peer.Mode = PeerMode.Fails500;
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<ChannelUnavailableException>(PlaceAsync);
        }

        _clock.Advance(TimeSpan.FromSeconds(31));
        await Assert.ThrowsAsync<ChannelUnavailableException>(PlaceAsync);
        await Assert.ThrowsAsync<BrokenCircuitException>(PlaceAsync);
        Assert.Equal(4, _peer.Requests.Count);
    }

    [Fact]
    public void Bad_settings_stop_the_start_naming_each_key()
    {
        using var services = Provider(new()
        {
            ["Circula:Recycling:Channels:0:Name"] = "Alpha!",
            ["Circula:Recycling:Channels:0:Endpoint"] = "ftp://x",
            ["Circula:Recycling:Channels:0:Secret"] = "short",
            ["Circula:Recycling:Channels:0:Timeout"] = "00:05:00",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RecyclingChannelsOptions>>().Value);

        Assert.Equal(["Circula:Recycling:Channels:0:Name", "Circula:Recycling:Channels:0:Endpoint", "Circula:Recycling:Channels:0:Secret",
            "Circula:Recycling:Channels:0:Categories", "Circula:Recycling:Channels:0:Coverage", "Circula:Recycling:Channels:0:Timeout"],
            failure.Failures.Select(f => f[..f.IndexOf(' ', StringComparison.Ordinal)]));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _peer.DisposeAsync();
    }
}
