using System.Globalization;

namespace Circula.Payments.Alipay;

/// <summary>
/// Alipay's amounts are yuan strings with at most two decimals ("88.88"); Circula's are <c>long</c> fen. Conversion is
/// done on the digits, never through floating point.
/// </summary>
public static class AlipayAmount
{
    /// <summary>Alipay's upper bound for one trade: 100,000,000.00 yuan.</summary>
    public const long MaxFen = 100_000_000_00;

    /// <summary>
    /// Parses "0.01", "88.88", "100" or "1.5" into fen. Refuses signs, exponents, spaces, more than two decimals, a
    /// bare or trailing point, leading zeros ("01") and anything above <see cref="MaxFen"/>.
    /// </summary>
    public static bool TryParseFen(string? yuan, out long fen)
    {
        fen = 0;
        if (string.IsNullOrEmpty(yuan) || yuan.Length > 16)
        {
            return false;
        }

        var point = yuan.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? yuan : yuan[..point];
        var fraction = point < 0 ? "" : yuan[(point + 1)..];
        if (whole.Length == 0 || !whole.All(char.IsAsciiDigit) || (whole.Length > 1 && whole[0] == '0') ||
            (point >= 0 && fraction.Length is 0 or > 2) || !fraction.All(char.IsAsciiDigit))
        {
            return false;
        }

        var value = long.Parse(whole, NumberStyles.None, CultureInfo.InvariantCulture) * 100 +
            (fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(2, '0'), NumberStyles.None, CultureInfo.InvariantCulture));
        if (value > MaxFen)
        {
            return false;
        }

        fen = value;
        return true;
    }

    /// <summary>Fen as Alipay's yuan string: 1234 → "12.34", 5 → "0.05". Only 1 fen up to <see cref="MaxFen"/>.</summary>
    public static string FormatYuan(long fen)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fen, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fen, MaxFen);
        return string.Create(CultureInfo.InvariantCulture, $"{fen / 100}.{fen % 100:D2}");
    }
}
