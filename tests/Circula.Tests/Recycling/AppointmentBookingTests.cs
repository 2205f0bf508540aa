using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Recycling.Appointments;
using Circula.Tests.Catalog;
using Circula.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Recycling;

/// <summary>Free slots and booking a pickup over HTTP: areas, windows, capacity under parallel bookings, the quote rules and the refusals.</summary>
public abstract class AppointmentBookingTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task Slots_are_those_of_the_area_containing_the_address_with_their_free_places()
    {
        var area = await server.CreateAreaAsync(capacity: 3);
        var day = DateOnly.FromDateTime(server.NineAm().AddHours(8));

        var slots = await (await server.Client.GetAsync($"/api/v1/recycling/slots?lat={area.Latitude}&lng={area.Longitude}&date={day:yyyy-MM-dd}")).ReadAs<SlotsDto>();

        Assert.Equal(area.Id, slots.AreaId);
        Assert.Equal(5, slots.Slots.Count);
        Assert.Equal((server.NineAm(), server.NineAm().AddHours(2), 3), (slots.Slots[0].Start, slots.Slots[0].End, slots.Slots[0].Free));
        var outside = await server.Client.GetAsync($"/api/v1/recycling/slots?lat={area.Latitude + 0.006}&lng={area.Longitude}&date={day:yyyy-MM-dd}");
        await outside.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "outside_service_area");
        var missing = await (await server.Client.GetAsync($"/api/v1/recycling/slots?lng=500&date={day:yyyy-MM-dd}"))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["lat", "lng"], missing.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_booking_is_pending_masks_the_phone_and_stores_the_contact_encrypted()
    {
        var area = await server.CreateAreaAsync(capacity: 3);
        var customer = await server.CreateUserAsync(Roles.Customer);

        var booked = await (await customer.Client.BookAsync(await customer.Client.CardboardAsync(), area, server.NineAm()))
            .ReadAs<AppointmentDto>(HttpStatusCode.Created);

        Assert.Equal(("pending", area.Id, 700L), (booked.Status, booked.AreaId, booked.QuotedFen));
        Assert.Equal(("138****5678", server.NineAm().AddHours(2)), (booked.Contact.Phone, booked.SlotEnd));
        var read = await (await customer.Client.GetAsync($"/api/v1/recycling/appointments/{booked.Id}")).ReadAs<AppointmentDto>();
        Assert.Equal((booked.Id, booked.Status, booked.SlotStart, booked.Contact), (read.Id, read.Status, read.SlotStart, read.Contact));
        var other = await server.CreateUserAsync(Roles.Customer);
        await (await other.Client.GetAsync($"/api/v1/recycling/appointments/{booked.Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        var stored = await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<Appointment>().SingleAsync(a => a.Id == long.Parse(booked.Id)));
        Assert.DoesNotContain("13812345678", stored.Contact, StringComparison.Ordinal);
        Assert.DoesNotContain("文三路", stored.Contact, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quote_books_one_appointment_and_only_its_owner_may_book_it_before_it_expires()
    {
        var area = await server.CreateAreaAsync(capacity: 5);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var cardboard = await customer.Client.CardboardAsync();
        async Task<QuoteDto> QuoteAsync() => await (await customer.Client.PostAsJsonAsync("/api/v1/recycling/quotes",
            new { categoryId = cardboard, items = new[] { new { quantity = 2, attributes = new { } } } })).ReadAs<QuoteDto>(HttpStatusCode.Created);
        object Booking(string quoteId) => new { quoteId, address = area.Address(), contactName = "王小明", contactPhone = "13812345678", slotStart = server.NineAm() };

        var quote = await QuoteAsync();
        var booked = await (await customer.Client.PostAsJsonAsync("/api/v1/recycling/appointments", Booking(quote.Id))).ReadAs<AppointmentDto>(HttpStatusCode.Created);
        Assert.Equal((quote.Id, quote.TotalFen, quote.RuleVersion), (booked.QuoteId, booked.QuotedFen, booked.RuleVersion));
        await (await customer.Client.PostAsJsonAsync("/api/v1/recycling/appointments", Booking(quote.Id)))
            .ShouldBeProblem(HttpStatusCode.Conflict, "quote_already_booked");

        var second = await QuoteAsync();
        var stranger = await server.CreateUserAsync(Roles.Customer);
        var problem = await (await stranger.Client.PostAsJsonAsync("/api/v1/recycling/appointments", Booking(second.Id)))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["quoteId"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        await server.AdvanceClockAsync(TimeSpan.FromHours(25));
        await (await (await server.SignInAgainAsync(customer)).PostAsJsonAsync("/api/v1/recycling/appointments", Booking(second.Id)))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "quote_expired");
    }

    [Fact]
    public async Task The_window_starts_an_hour_ahead_ends_thirty_days_ahead_and_follows_the_slots()
    {
        var area = await server.CreateAreaAsync(capacity: 5, slotMinutes: 15, opens: "00:00", closes: "24:00");
        var customer = await server.CreateUserAsync(Roles.Customer);
        var cardboard = await customer.Client.CardboardAsync();
        var now = server.Clock.GetUtcNow().UtcDateTime;
        var boundary = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc).AddHours(3);
        await server.AdvanceClockAsync(boundary - TimeSpan.FromMinutes(59) - now);
        var client = await server.SignInAgainAsync(customer);

        await ShouldRefuseSlotStart(await client.BookAsync(cardboard, area, boundary));
        await ShouldRefuseSlotStart(await client.BookAsync(cardboard, area, boundary.AddMinutes(20)));
        Assert.Equal(HttpStatusCode.Created, (await client.BookAsync(cardboard, area, boundary.AddMinutes(15))).StatusCode);
        // Now is boundary - 59 minutes: the latest bookable start is 30 days from now, rounded down to the slot grid.
        Assert.Equal(HttpStatusCode.Created, (await client.BookAsync(cardboard, area, boundary.AddDays(30).AddMinutes(-60))).StatusCode);
        await ShouldRefuseSlotStart(await client.BookAsync(cardboard, area, boundary.AddDays(30)));
        await ShouldRefuseSlotStart(await client.BookAsync(cardboard, area, boundary.AddDays(31)));
    }

    private static async Task ShouldRefuseSlotStart(HttpResponseMessage response)
    {
        var problem = await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["slotStart"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_full_slot_is_409_with_the_next_free_slots_and_an_address_outside_every_area_is_422()
    {
        var area = await server.CreateAreaAsync(capacity: 1);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var cardboard = await customer.Client.CardboardAsync();
        Assert.Equal(HttpStatusCode.Created, (await customer.Client.BookAsync(cardboard, area, server.NineAm())).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await customer.Client.BookAsync(cardboard, area, server.NineAm().AddHours(2))).StatusCode);

        var full = await (await customer.Client.BookAsync(cardboard, area, server.NineAm())).ShouldBeProblem(HttpStatusCode.Conflict, "slot_full");

        var next = full.GetProperty("nextFreeSlots").Deserialize<List<FreeSlotDto>>(JsonSerializerOptions.Web)!;
        Assert.Equal([server.NineAm().AddHours(4), server.NineAm().AddHours(6), server.NineAm().AddHours(8)], next.Select(s => s.Start));
        var outside = await (await customer.Client.BookAsync(cardboard, area, server.NineAm(), east: 0.02))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "outside_service_area");
        Assert.Equal(["address"], outside.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Fifty_parallel_bookings_for_a_slot_of_ten_book_exactly_ten()
    {
        var area = await server.CreateAreaAsync(capacity: 10);
        var customers = await server.CustomersAsync(10);

        var cardboard = await customers[0].Client.CardboardAsync();
        var responses = await CatalogTestApi.InParallelAsync(50, i => customers[i % 10].Client.BookAsync(cardboard, area, server.NineAm(3)));

        await responses.ShouldHaveBookedExactly(10);

        var day = DateOnly.FromDateTime(server.NineAm(3).AddHours(8));
        var slots = await (await server.Client.GetAsync($"/api/v1/recycling/slots?lat={area.Latitude}&lng={area.Longitude}&date={day:yyyy-MM-dd}")).ReadAs<SlotsDto>();
        Assert.NotEqual(server.NineAm(3), slots.Slots[0].Start);
    }

    [Fact]
    public async Task Bad_bookings_are_422_naming_each_field()
    {
        var customer = await server.CreateUserAsync(Roles.Customer);
        var problem = await (await customer.Client.PostAsJsonAsync("/api/v1/recycling/appointments", new
        {
            quoteId = "1", categoryId = 2, address = new { province = "浙江省", city = "", district = "西湖区", detail = "x", latitude = 91, longitude = 120 },
            contactName = "王", contactPhone = "12345",
        })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal(["address.city", "address.latitude", "contactPhone", "quoteId", "slotStart"],
            problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        await (await server.Client.BookAsync(1, new TestArea("1", 30, 120), server.NineAm())).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }
}

public sealed class AppointmentBookingTestsOnSqlite(SqliteServer server) : AppointmentBookingTests<SqliteServer>(server);

public sealed class AppointmentBookingTestsOnPostgres(PostgresServer server) : AppointmentBookingTests<PostgresServer>(server);
