namespace Circula.Shared;

/// <summary>
/// Calendar days as operators in China count them: China Standard Time has been UTC+8 without daylight saving since
/// 1991, so a fixed offset is exact. Everything is stored in UTC; reports group by these days.
/// </summary>
public static class ChinaCalendar
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The China calendar day <paramref name="utc"/> falls on.</summary>
    public static DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(utc + Offset);

    /// <summary>The UTC instant a China calendar day starts.</summary>
    public static DateTime StartUtc(DateOnly day) => DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) - Offset, DateTimeKind.Utc);
}

/// <summary>The days a dashboard series covers: the last <c>days</c> China calendar days up to and including today.</summary>
public sealed record ReportWindow(DateOnly FirstDay, DateOnly Today)
{
    public const int MaxDays = 90;

    public DateTime StartUtc => ChinaCalendar.StartUtc(FirstDay);

    public DateTime TodayStartUtc => ChinaCalendar.StartUtc(Today);

    public IEnumerable<DateOnly> Days => Enumerable.Range(0, Today.DayNumber - FirstDay.DayNumber + 1).Select(FirstDay.AddDays);

    /// <summary>The window of <paramref name="days"/> days ending today; a refusal naming the field when it is not 1 to <see cref="MaxDays"/>.</summary>
    public static ReportWindow? Ending(DateTime nowUtc, int days, FieldErrors errors)
    {
        errors.Range("days", days, 1, MaxDays);
        var today = ChinaCalendar.DayOf(nowUtc);
        return errors.Any ? null : new ReportWindow(today.AddDays(1 - days), today);
    }
}
