using System.Net;
using System.Net.Http.Json;
using Circula.Identity.Contracts;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Recycling;

/// <summary>Operators' service areas: the demo districts, and every way a boundary can be wrong answered with its JSON path.</summary>
public sealed class ServiceAreaTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    private async Task<string[]> RefusedFieldsAsync(object boundary)
    {
        using var admin = await server.AdminClientAsync();
        var problem = await (await admin.PostAsJsonAsync("/api/v1/admin/recycling/areas",
            new { name = "坏区", boundary, slotMinutes = 60, slotCapacity = 5, opens = "09:00", closes = "18:00" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        return problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToArray();
    }

    private static object Ring(params double[][] positions) => new { type = "Polygon", coordinates = new[] { positions } };

    [Fact]
    public async Task The_demo_data_has_two_hangzhou_districts()
    {
        using var admin = await server.AdminClientAsync();
        var areas = await (await admin.GetAsync("/api/v1/admin/recycling/areas")).ReadAs<List<AreaDto>>();
        Assert.Equal(["西湖区", "上城区"], areas.Take(2).Select(a => a.Name));
        var customer = await server.CreateUserAsync(Roles.Customer);
        await (await customer.Client.GetAsync("/api/v1/admin/recycling/areas")).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_boundary_that_is_not_a_closed_simple_ring_of_valid_positions_is_422_naming_its_path()
    {
        Assert.Equal(["boundary.type"], await RefusedFieldsAsync(new { type = "Point", coordinates = new[] { 120.0, 30.0 } }));
        Assert.Equal(["boundary.coordinates[0]"], await RefusedFieldsAsync(Ring([120, 30], [120.1, 30], [120.1, 30.1], [120, 30.1])));
        Assert.Equal(["boundary.coordinates[0][2]"], await RefusedFieldsAsync(Ring([120, 30], [120.1, 30], [120.1, 91], [120, 30.1], [120, 30])));
        Assert.Equal(["boundary.coordinates[0][1]"], await RefusedFieldsAsync(Ring([120, 30], [181, 30], [120.1, 30.1], [120, 30])));
        Assert.Equal(["boundary.coordinates[0][1]"], await RefusedFieldsAsync(Ring([120, 30], [120.1], [120.1, 30.1], [120, 30])));
        // A bow tie: its edges cross.
        Assert.Equal(["boundary.coordinates"], await RefusedFieldsAsync(Ring([120, 30], [120.1, 30.1], [120.1, 30], [120, 30.1], [120, 30])));
        var circle = Enumerable.Range(0, 1001).Select(i => new[] { 120 + Math.Cos(i * Math.Tau / 1000) / 100, 30 + Math.Sin(i * Math.Tau / 1000) / 100 }).ToArray();
        circle[^1] = circle[0];
        Assert.Equal(["boundary.coordinates"], await RefusedFieldsAsync(Ring(circle)));
    }

    [Fact]
    public async Task A_thousand_vertices_are_accepted()
    {
        var circle = Enumerable.Range(0, 1000).Select(i => new[] { 110 + Math.Cos(i * Math.Tau / 999) / 100, 30 + Math.Sin(i * Math.Tau / 999) / 100 }).ToArray();
        circle[^1] = circle[0];
        using var admin = await server.AdminClientAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/recycling/areas",
            new { name = "圆区", boundary = Ring(circle), slotMinutes = 60, slotCapacity = 5, opens = "09:00", closes = "18:00" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
