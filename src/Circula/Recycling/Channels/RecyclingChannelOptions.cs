using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Circula.Recycling.Channels;

/// <summary><c>Circula:Recycling:Channels</c>: the third-party recycling channels this server may hand pickups to (none by default).</summary>
public sealed class RecyclingChannelsOptions
{
    public const string Section = "Circula:Recycling";

    public List<RecyclingChannelSettings> Channels { get; set; } = [];

    /// <summary>An open channel order without news (callback or answer) for this long is asked about by <see cref="ChannelOrderRefresh"/>.</summary>
    public TimeSpan ChannelRefreshAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often <see cref="ChannelOrderRefresh"/> looks for such orders.</summary>
    public TimeSpan ChannelRefreshEvery { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>One generic HTTP JSON channel (see docs/recycling.md, "Third-party channels").</summary>
public sealed class RecyclingChannelSettings
{
    /// <summary>Stable name: lower-case letters, digits and dashes; in the callback URL and the channel-order table.</summary>
    public string? Name { get; set; }

    /// <summary>The partner's base URL; our calls go to its <c>/quotes</c>, <c>/orders</c>, ...</summary>
    public string? Endpoint { get; set; }

    /// <summary>The shared HMAC-SHA256 key of both directions, at least 32 characters.</summary>
    public string? Secret { get; set; }

    /// <summary>Lower is asked first; equal priorities go by name.</summary>
    public int Priority { get; set; } = 100;

    /// <summary>Category paths it takes ("电子产品" takes every electronics sub-category).</summary>
    public List<string> Categories { get; set; } = [];

    /// <summary>Cities ("杭州市"), districts ("杭州市/西湖区") or "*".</summary>
    public List<string> Coverage { get; set; } = [];

    /// <summary>How long one call may take before it counts as a failure.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Failures within <see cref="BreakerWindow"/> (at least half of the calls) that open the breaker.</summary>
    public int BreakAfterFailures { get; set; } = 5;

    public TimeSpan BreakerWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an open breaker refuses calls before it lets one through to try again.</summary>
    public TimeSpan BreakFor { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Checks every channel at start and names each bad setting by its configuration key.</summary>
public sealed partial class RecyclingChannelsOptionsValidator : IValidateOptions<RecyclingChannelsOptions>
{
    public const int MinSecretLength = 32;

    public ValidateOptionsResult Validate(string? name, RecyclingChannelsOptions options)
    {
        var failures = new List<string>();
        if (options.ChannelRefreshAfter < TimeSpan.FromSeconds(1) || options.ChannelRefreshEvery < TimeSpan.FromSeconds(1))
        {
            failures.Add("Circula:Recycling:ChannelRefreshAfter and ChannelRefreshEvery must be at least 1 second.");
        }

        for (var i = 0; i < options.Channels.Count; i++)
        {
            var channel = options.Channels[i];
            var key = $"Circula:Recycling:Channels:{i}";
            if (channel.Name is null || !NamePattern().IsMatch(channel.Name))
            {
                failures.Add($"{key}:Name must be 1 to 32 lower-case letters, digits or dashes.");
            }
            else if (options.Channels.Take(i).Any(c => c.Name == channel.Name))
            {
                failures.Add($"{key}:Name '{channel.Name}' is used by another channel.");
            }

            if (!Uri.TryCreate(channel.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("https" or "http"))
            {
                failures.Add($"{key}:Endpoint must be an absolute http(s) URL.");
            }

            if ((channel.Secret?.Length ?? 0) < MinSecretLength)
            {
                failures.Add($"{key}:Secret must be at least {MinSecretLength} characters.");
            }

            if (channel.Priority < 0)
            {
                failures.Add($"{key}:Priority must not be negative.");
            }

            if (channel.Categories.Count == 0 || channel.Categories.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{key}:Categories must list at least one category path.");
            }

            if (channel.Coverage.Count == 0 || channel.Coverage.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{key}:Coverage must list at least one city, city/district or *.");
            }

            if (channel.Timeout < TimeSpan.FromMilliseconds(10) || channel.Timeout > TimeSpan.FromMinutes(1))
            {
                failures.Add($"{key}:Timeout must be between 00:00:00.010 and 00:01:00.");
            }

            if (channel.BreakAfterFailures < 2 || channel.BreakerWindow < TimeSpan.FromSeconds(1) || channel.BreakFor < TimeSpan.FromSeconds(1))
            {
                failures.Add($"{key}:BreakAfterFailures must be at least 2, and BreakerWindow and BreakFor at least 1 second.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z0-9-]{1,32}$")]
    private static partial Regex NamePattern();
}
