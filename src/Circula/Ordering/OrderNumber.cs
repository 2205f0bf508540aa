using System.Globalization;
using Circula.Shared;

namespace Circula.Ordering;

public static class OrderNumber
{
    public static string For(long snowflakeId, DateTime placedAtUtc) =>
        "ORD" + (placedAtUtc + ChinaCalendar.Offset).ToString("yyyyMMdd", CultureInfo.InvariantCulture) + snowflakeId.ToString(CultureInfo.InvariantCulture);
}
