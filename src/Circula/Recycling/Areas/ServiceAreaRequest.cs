using System.Globalization;
using System.Text.Json;
using Circula.Shared;
using Circula.Shared.Geo;

namespace Circula.Recycling.Areas;

/// <summary>
/// A new service area: its name, boundary (a GeoJSON Polygon in GCJ-02), slot length in minutes, appointments per
/// slot, and daily hours as "HH:mm" China time (the last slot ends by <see cref="Closes"/>).
/// </summary>
public sealed record ServiceAreaRequest(string? Name, JsonElement Boundary, int SlotMinutes, int SlotCapacity, string? Opens, string? Closes)
    : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Required("name", Name, 64, TextKind.Name);
        GeoJsonPolygon.Parse(Boundary, errors.Under("boundary"));
        errors.Range("slotMinutes", SlotMinutes, 15, 720);
        errors.Range("slotCapacity", SlotCapacity, 1, 1000);
        var (opens, closes) = (Minutes(Opens), Minutes(Closes));
        if (opens is null)
        {
            errors.Add("opens", "must be a time of day as HH:mm.");
        }

        if (closes is null || closes <= opens)
        {
            errors.Add("closes", "must be a time of day as HH:mm after opens (24:00 for midnight).");
        }
    }

    /// <summary>Minutes after midnight of "HH:mm" ("24:00" is 1440), or null.</summary>
    public static int? Minutes(string? time) =>
        time == "24:00" ? 1440
        : TimeOnly.TryParseExact(time, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t.Hour * 60 + t.Minute
        : null;
}
