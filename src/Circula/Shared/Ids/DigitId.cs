using System.Globalization;

namespace Circula.Shared.Ids;

/// <summary>Ids travel as strings of digits (64-bit ids lose digits as JavaScript numbers).</summary>
public static class DigitId
{
    /// <summary>The positive id the text spells, or null.</summary>
    public static long? Parse(string? text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
}
