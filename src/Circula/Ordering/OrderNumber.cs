using System.Globalization;

namespace Circula.Ordering;

public static class OrderNumber
{
    /// <summary>China Standard Time has been UTC+8 without daylight saving since 1991, so a fixed offset is exact.</summary>
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static string For(long snowflakeId, DateTime placedAtUtc) =>
        "ORD" + (placedAtUtc + Beijing).ToString("yyyyMMdd", CultureInfo.InvariantCulture) + snowflakeId.ToString(CultureInfo.InvariantCulture);
}
