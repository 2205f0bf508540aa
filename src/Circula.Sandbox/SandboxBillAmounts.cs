using System.Globalization;

namespace Circula.Sandbox;

/// <summary>Money as the sandboxes' bills write it.</summary>
public static class SandboxBillAmounts
{
    /// <summary>Yuan with two decimals and a sign when negative: -1050 → "-10.50".</summary>
    public static string Yuan(long fen) =>
        string.Create(CultureInfo.InvariantCulture, $"{(fen < 0 ? "-" : "")}{Math.Abs(fen) / 100}.{Math.Abs(fen) % 100:D2}");

    /// <summary>The provider's fee: 0.6% of the money moved, rounded half up to the fen; a refund gives its share back (negative).</summary>
    public static long Fee(long movedFen, bool refund)
    {
        var fee = (movedFen * 6 + 500) / 1000;
        return refund ? -fee : fee;
    }
}
