using System.Globalization;

namespace Circula.Payments.Bills;

/// <summary>
/// Bill dates are calendar days in China Standard Time (UTC+8, no daylight saving): the WeChat Pay and Alipay bill of
/// 2026-06-01 holds what happened from 2026-05-31T16:00Z up to (not including) 2026-06-01T16:00Z. Everything else in
/// Circula is UTC; this is the one place that turns a bill date into UTC instants and back.
/// </summary>
public static class ChinaDay
{
    public static readonly TimeSpan Offset = Shared.ChinaCalendar.Offset;

    public const string Format = "yyyy-MM-dd";

    /// <summary>How both providers' bills write a time (China time).</summary>
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>The China calendar day <paramref name="utc"/> falls on.</summary>
    public static DateOnly Of(DateTimeOffset utc) => DateOnly.FromDateTime(utc.ToOffset(Offset).DateTime);

    /// <summary>The China time of day of <paramref name="utc"/>.</summary>
    public static TimeSpan TimeOfDay(DateTimeOffset utc) => utc.ToOffset(Offset).TimeOfDay;

    /// <summary>The UTC instant <paramref name="timeOfDay"/> China time on <paramref name="day"/>.</summary>
    public static DateTime AtUtc(DateOnly day, TimeSpan timeOfDay) =>
        DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) + timeOfDay - Offset, DateTimeKind.Utc);

    /// <summary>[start, end) of the day in UTC.</summary>
    public static (DateTime StartUtc, DateTime EndUtc) WindowUtc(DateOnly day) => (AtUtc(day, TimeSpan.Zero), AtUtc(day.AddDays(1), TimeSpan.Zero));

    /// <summary>Strictly <c>yyyy-MM-dd</c>, as both providers write bill dates.</summary>
    public static bool TryParse(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    /// <summary>A bill's China time (<see cref="TimeFormat"/>) as a UTC instant.</summary>
    public static bool TryParseTime(string text, out DateTime utc)
    {
        var parsed = DateTime.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local);
        utc = parsed ? DateTime.SpecifyKind(local - Offset, DateTimeKind.Utc) : default;
        return parsed;
    }

    /// <summary>A UTC instant as a bill writes it, China time.</summary>
    public static string TimeText(DateTime utc) => (utc + Offset).ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static string ToText(DateOnly day) => day.ToString(Format, CultureInfo.InvariantCulture);
}
