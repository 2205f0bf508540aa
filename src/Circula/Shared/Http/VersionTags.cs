using System.Globalization;

namespace Circula.Shared.Http;

/// <summary>Entity tags that are a resource's version, quoted ("3"): sent as ETag, back in If-Match.</summary>
public static class VersionTags
{
    public static string Of(int version) => $"\"{version}\"";

    /// <summary>"*" accepts any version; a tag that is not a quoted version matches none (the write is then stale); no header: unconditional.</summary>
    public static ExpectedVersion? Parse(string? ifMatch)
    {
        if (ifMatch is null)
        {
            return null;
        }

        var tags = ifMatch.Split(',').Select(t => t.Trim()).ToList();
        var versions = tags.Select(VersionOf).OfType<int>().ToHashSet();
        return new ExpectedVersion(tags.Contains("*"), versions);
    }

    private static int? VersionOf(string tag) =>
        tag is ['"', .. var digits, '"'] && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            && Of(version) == tag ? version : null;
}
