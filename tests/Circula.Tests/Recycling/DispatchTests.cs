using System.Text.Json;
using Circula.Recycling.Appointments;
using Circula.Recycling.Areas;
using Circula.Recycling.Collectors;
using Circula.Shared;
using Circula.Shared.Geo;

namespace Circula.Tests.Recycling;

/// <summary>Who dispatch chooses, as geometry and hours: inside, outside, on the border, overlapping areas, nearest first, ties by user id.</summary>
public sealed class DispatchTests
{
    private static readonly DateTime Now = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>09:00-11:00 China time on 2026-06-02.</summary>
    private static readonly PickupSlot Morning = new(new DateTime(2026, 6, 2, 1, 0, 0, DateTimeKind.Utc), new DateTime(2026, 6, 2, 3, 0, 0, DateTimeKind.Utc));

    private static Collector Make(long userId, double west, double south, double east, double north, double baseLat, double baseLng, string opens = "09:00",
        string closes = "19:00", bool active = true)
    {
        var area = JsonSerializer.SerializeToElement(new
        {
            type = "Polygon", coordinates = new[] { new[] { new[] { west, south }, new[] { east, south }, new[] { east, north }, new[] { west, north }, new[] { west, south } } },
        });
        var profile = new CollectorProfile("师傅", area, baseLat, baseLng, opens, closes, 2, active);
        var errors = new FieldErrors();
        profile.Validate(errors);
        Assert.False(errors.Any);
        return Collector.Create(userId, profile, GeoJsonPolygon.Parse(area, new FieldErrors())!, Now);
    }

    private static List<long> Chosen(double lat, double lng, params Collector[] collectors) =>
        Dispatch.Candidates(collectors, lat, lng, Morning).Select(c => c.UserId).ToList();

    [Fact]
    public void A_point_inside_or_on_the_border_is_covered_and_one_outside_is_not()
    {
        var c = Make(1, 120.10, 30.20, 120.20, 30.30, 30.25, 120.15);
        Assert.Equal([1L], Chosen(30.25, 120.15, c));
        Assert.Equal([1L], Chosen(30.30, 120.15, c));
        Assert.Equal([1L], Chosen(30.20, 120.10, c));
        Assert.Empty(Chosen(30.3001, 120.15, c));
        Assert.Empty(Chosen(30.25, 120.21, c));
    }

    [Fact]
    public void Where_areas_overlap_the_collector_nearest_the_address_comes_first_and_equal_distances_go_to_the_lower_user_id()
    {
        var west = Make(7, 120.10, 30.20, 120.20, 30.30, 30.25, 120.11);
        var east = Make(5, 120.15, 30.20, 120.25, 30.30, 30.25, 120.24);
        var twin = Make(3, 120.15, 30.20, 120.25, 30.30, 30.25, 120.24);
        Assert.Equal([7L, 3L, 5L], Chosen(30.25, 120.16, west, east, twin));
        Assert.Equal([3L, 5L, 7L], Chosen(30.25, 120.19, west, east, twin));
        Assert.Equal([3L, 5L], Chosen(30.25, 120.22, west, east, twin));
    }

    [Fact]
    public void Collectors_off_duty_for_any_part_of_the_slot_or_inactive_are_passed_over()
    {
        var late = Make(1, 120.10, 30.20, 120.20, 30.30, 30.25, 120.15, opens: "10:00");
        var early = Make(2, 120.10, 30.20, 120.20, 30.30, 30.25, 120.15, closes: "10:30");
        var resting = Make(3, 120.10, 30.20, 120.20, 30.30, 30.25, 120.15, active: false);
        var exact = Make(4, 120.10, 30.20, 120.20, 30.30, 30.25, 120.15, opens: "09:00", closes: "11:00");
        Assert.Equal([4L], Chosen(30.25, 120.15, late, early, resting, exact));
    }

    [Fact]
    public void A_route_goes_slot_by_slot_and_nearest_neighbour_within_a_slot_from_the_base()
    {
        static RouteStop At(long id, DateTime slot, double lat, double lng) => new(id, slot, lat, lng);
        var nine = Morning.Start;
        var eleven = nine.AddHours(2);
        var tasks = new[]
        {
            At(1, eleven, 30.25, 120.10), At(2, nine, 30.25, 120.30), At(3, nine, 30.25, 120.20), At(4, nine, 30.25, 120.11), At(5, eleven, 30.25, 120.35),
        };

        var route = RouteOrder.Sort(tasks, t => t, 30.25, 120.12);

        Assert.Equal([4L, 3L, 2L, 5L, 1L], route.Select(a => a.Id));
    }
}
