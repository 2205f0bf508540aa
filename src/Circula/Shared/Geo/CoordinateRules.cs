namespace Circula.Shared.Geo;

/// <summary>The one rule for a point a client sends: GCJ-02 degrees in range.</summary>
public static class CoordinateRules
{
    /// <summary>Latitude -90..90 and longitude -180..180, both required.</summary>
    public static void Coordinates(this FieldErrors errors, string latitudeField, double? latitude, string longitudeField, double? longitude)
    {
        if (latitude is not (>= -90 and <= 90))
        {
            errors.Add(latitudeField, "must be a latitude from -90 to 90 (GCJ-02).");
        }

        if (longitude is not (>= -180 and <= 180))
        {
            errors.Add(longitudeField, "must be a longitude from -180 to 180 (GCJ-02).");
        }
    }
}
