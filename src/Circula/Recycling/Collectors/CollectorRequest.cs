using System.Text.Json;
using Circula.Recycling.Appointments;
using Circula.Recycling.Areas;
using Circula.Shared;
using Circula.Shared.Geo;
using Circula.Shared.Ids;

namespace Circula.Recycling.Collectors;

/// <summary>
/// What operators set for a collector: a display name, the area they cover (a GeoJSON Polygon in GCJ-02, checked like a
/// service area's boundary), where they start from (GCJ-02), daily working hours as "HH:mm" China time, how many
/// pickups they take per slot, and whether they take work at all.
/// </summary>
public record CollectorProfile(string? Name, JsonElement Area, double? BaseLatitude, double? BaseLongitude, string? Opens, string? Closes, int SlotCapacity,
    bool Active = true) : IValidatable
{
    public virtual void Validate(FieldErrors errors)
    {
        errors.Required("name", Name, 32, TextKind.Name);
        GeoJsonPolygon.Parse(Area, errors.Under("area"));
        errors.Coordinates("baseLatitude", BaseLatitude, "baseLongitude", BaseLongitude);
        errors.Range("slotCapacity", SlotCapacity, 1, 50);
        var (opens, closes) = (ServiceAreaRequest.Minutes(Opens), ServiceAreaRequest.Minutes(Closes));
        if (opens is null)
        {
            errors.Add("opens", "must be a time of day as HH:mm.");
        }

        if (closes is null || closes <= opens)
        {
            errors.Add("closes", "must be a time of day as HH:mm after opens (24:00 for midnight).");
        }
    }
}

/// <summary>A new collector profile for <see cref="UserId"/>, a user with the collector role (one profile per user).</summary>
public sealed record NewCollector(string? UserId, string? Name, JsonElement Area, double? BaseLatitude, double? BaseLongitude, string? Opens, string? Closes,
    int SlotCapacity, bool Active = true) : CollectorProfile(Name, Area, BaseLatitude, BaseLongitude, Opens, Closes, SlotCapacity, Active)
{
    public override void Validate(FieldErrors errors)
    {
        if (UserNumber is null)
        {
            errors.Add("userId", "must be a user id (a string of digits).");
        }

        base.Validate(errors);
    }

    public long? UserNumber => DigitId.Parse(UserId);
}
