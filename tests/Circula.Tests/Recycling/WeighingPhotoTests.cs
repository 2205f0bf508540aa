using System.Net;
using Circula.Identity.Contracts;
using Circula.Tests.Infrastructure;
using Circula.Tests.Uploads;
using SkiaSharp;

namespace Circula.Tests.Recycling;

/// <summary>
/// The collector's weighing names photos they uploaded: checked through Uploads' contract (theirs, and no more than nine),
/// kept with the appointment and shown to the collector, the customer and operators.
/// </summary>
public abstract class WeighingPhotoTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task The_weighing_keeps_the_collectors_own_photos_and_every_view_shows_them()
    {
        var customer = await server.CreateUserAsync(Roles.Customer);
        var (_, collector, booked) = await server.AssignedPickupAsync(customer);
        await (await collector.TaskAsync(booked, "start")).ShouldBe(HttpStatusCode.OK);
        var photos = new List<UploadDto>();
        for (byte shade = 1; shade <= 2; shade++)
        {
            photos.Add(await UploadAsync(collector.Client, shade));
        }

        var theirs = await UploadAsync(customer.Client, 3);
        var refused = await (await Weigh(collector, booked, photos[0].Id, theirs.Id, "7214567890123456789"))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["photoIds[1]", "photoIds[2]"], refused.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        var tooMany = await (await Weigh(collector, booked, [.. Enumerable.Range(1, 10).Select(i => i.ToString())]))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Contains("photoIds", tooMany.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        var repeated = await (await Weigh(collector, booked, photos[0].Id, "x", photos[0].Id)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["photoIds[1]", "photoIds[2]"], repeated.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal("on_the_way", (await (await customer.Client.GetAsync($"/api/v1/recycling/appointments/{booked.Id}")).ReadAs<AppointmentDto>()).Status);

        var weighed = await (await Weigh(collector, booked, photos[1].Id, photos[0].Id)).ReadAs<AppointmentDto>();
        var expected = new[] { photos[1], photos[0] }.Select(p => new WeighingPhotoDto(p.Id, p.Url, p.ThumbnailUrl)).ToList();
        Assert.Equal(expected, weighed.WeighingPhotos);
        Assert.Equal(expected, (await (await customer.Client.GetAsync($"/api/v1/recycling/appointments/{booked.Id}")).ReadAs<AppointmentDto>()).WeighingPhotos);
        Assert.Equal(expected, (await server.DetailAsync(booked)).Appointment.WeighingPhotos);
        await (await server.Client.GetAsync(weighed.WeighingPhotos![0].ThumbnailUrl)).ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<UploadDto> UploadAsync(HttpClient client, byte shade) =>
        await (await client.PostAsync("/api/v1/uploads", TestImages.Form(TestImages.Make(SKEncodedImageFormat.Jpeg, 64, 48, shade), "scale.jpg")))
            .ReadAs<UploadDto>(HttpStatusCode.Created);

    private static Task<HttpResponseMessage> Weigh(TestCollector collector, AppointmentDto booked, params string[] photoIds) =>
        collector.TaskAsync(booked, "weigh", new { items = new[] { new { quantity = 5.3m, attributes = new { wet = false } } }, photoIds });
}

public sealed class WeighingPhotoTestsOnSqlite(SqliteServer server) : WeighingPhotoTests<SqliteServer>(server);

public sealed class WeighingPhotoTestsOnPostgres(PostgresServer server) : WeighingPhotoTests<PostgresServer>(server);
