using System.Net;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Recycling.Channels;
using Circula.Recycling.Contracts;
using Circula.Tests.Catalog;
using Circula.Tests.Infrastructure;
using Circula.Tests.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Recycling.Channels;

/// <summary>
/// Handing booked pickups to third-party channels on a real server and database: failover down the priority order and
/// finally to our own collectors, one channel order per appointment, and the partners' signed status callbacks (verified,
/// stale, tampered, replayed, out of order, in parallel).
/// </summary>
public abstract class RecyclingChannelTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ChannelServer
{
    private async Task<long> BookAsync()
    {
        var area = await server.CreateAreaAsync(capacity: 5);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var booked = await (await customer.Client.BookAsync(await customer.Client.CardboardAsync(), area, server.NineAm())).ReadAs<AppointmentDto>(HttpStatusCode.Created);
        return long.Parse(booked.Id);
    }

    private Task<ChannelPlacement> PlaceAsync(long appointment) =>
        server.WithScopeAsync(async sp => (await sp.GetRequiredService<RecyclingChannels>().PlaceAsync(appointment, CancellationToken.None)).Value!);

    private Task<ChannelOrder?> StoredAsync(long appointment) =>
        server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<ChannelOrder>().AsNoTracking().FirstOrDefaultAsync(o => o.AppointmentId == appointment));

    private async Task<List<string>> EventsAsync(long appointment) =>
        (await server.OutboxPayloadsAsync(ChannelOrderStatusChanged.EventType)).Where(p => p.Contains($"\"{appointment}\"", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task A_failing_first_channel_falls_over_to_the_next_and_the_order_is_recorded_once()
    {
        var appointment = await BookAsync();
        server.Alpha.Mode = PeerMode.Fails500;
        server.Beta.Mode = PeerMode.Healthy;
        try
        {
            var placed = await PlaceAsync(appointment);

            Assert.False(placed.ToOwnCollectors);
            Assert.Equal(("beta", server.Beta.ExternalId(appointment.ToString()), ChannelOrderStatus.Accepted), (placed.Order!.Channel, placed.Order.ExternalId, placed.Order.Status));
            Assert.Equal([("alpha", ChannelAttempt.Unavailable)], placed.Attempts.Select(a => (a.Channel, a.Outcome)));
            Assert.Equal("beta", (await StoredAsync(appointment))!.Channel);
            Assert.Contains("\"to\":\"accepted\"", Assert.Single(await EventsAsync(appointment)), StringComparison.Ordinal);

            var calls = server.Alpha.Requests.Count + server.Beta.Requests.Count;
            var again = await PlaceAsync(appointment);
            Assert.Equal(("beta", calls), (again.Order!.Channel, server.Alpha.Requests.Count + server.Beta.Requests.Count));
            Assert.Empty(server.Alpha.SignatureFailures.Concat(server.Beta.SignatureFailures));
        }
        finally
        {
            server.Alpha.Mode = PeerMode.Healthy;
        }
    }

    [Fact]
    public async Task When_every_channel_times_out_or_fails_the_pickup_goes_to_our_own_collectors()
    {
        var appointment = await BookAsync();
        server.Alpha.Mode = PeerMode.Hangs;
        server.Beta.Mode = PeerMode.Refuses;
        try
        {
            var placed = await PlaceAsync(appointment);

            Assert.True(placed.ToOwnCollectors);
            Assert.Equal([("alpha", ChannelAttempt.TimedOut), ("beta", ChannelAttempt.Refused)], placed.Attempts.Select(a => (a.Channel, a.Outcome)));
            Assert.Null(await StoredAsync(appointment));
            Assert.Empty(await EventsAsync(appointment));
        }
        finally
        {
            server.Alpha.Mode = PeerMode.Healthy;
            server.Beta.Mode = PeerMode.Healthy;
        }
    }

    [Fact]
    public async Task Parallel_placements_of_one_appointment_make_one_channel_order()
    {
        var appointment = await BookAsync();

        var placements = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PlaceAsync(appointment)));

        Assert.All(placements, p => Assert.Equal(("alpha", server.Alpha.ExternalId(appointment.ToString())), (p.Order!.Channel, p.Order.ExternalId)));
        Assert.Single(await EventsAsync(appointment));
    }

    [Fact]
    public async Task A_verified_callback_moves_the_order_forward_once_and_raises_an_event()
    {
        var appointment = await BookAsync();
        var order = (await PlaceAsync(appointment)).Order!;
        object Body(string status, long? finalFen = null) => new { appointmentId = appointment.ToString(), externalId = order.ExternalId, status, finalFen, detail = "师傅已上门" };

        await (await server.Alpha.CallbackAsync(server.Client, Body("assigned"))).Response.ShouldBe(HttpStatusCode.NoContent);
        await (await server.Alpha.CallbackAsync(server.Client, Body("completed", 1850))).Response.ShouldBe(HttpStatusCode.NoContent);
        await (await server.Alpha.CallbackAsync(server.Client, Body("on_the_way"))).Response.ShouldBe(HttpStatusCode.NoContent);
        await (await server.Alpha.CallbackAsync(server.Client, Body("completed", 1850))).Response.ShouldBe(HttpStatusCode.NoContent);

        var stored = (await StoredAsync(appointment))!;
        Assert.Equal((ChannelOrderStatus.Completed, 1850L), (stored.Status, stored.FinalFen));
        var events = await EventsAsync(appointment);
        Assert.Equal(3, events.Count);
        Assert.Contains(events, e => e.Contains("\"from\":\"assigned\",\"to\":\"completed\",\"finalFen\":1850", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unsigned_tampered_stale_and_replayed_callbacks_are_refused_and_change_nothing()
    {
        var appointment = await BookAsync();
        var order = (await PlaceAsync(appointment)).Order!;
        var body = new { appointmentId = appointment.ToString(), externalId = order.ExternalId, status = "completed" };

        await (await server.Alpha.CallbackAsync(server.Client, body, unsigned: true)).Response.ShouldBeProblem(HttpStatusCode.Unauthorized, ChannelCallbacks.SignatureMissing);
        await (await server.Alpha.CallbackAsync(server.Client, body, tamper: true)).Response.ShouldBeProblem(HttpStatusCode.Unauthorized, ChannelCallbacks.SignatureInvalid);
        await (await server.Alpha.CallbackAsync(server.Client, body, skew: TimeSpan.FromMinutes(-6))).Response
            .ShouldBeProblem(HttpStatusCode.Unauthorized, ChannelCallbacks.SignatureStale);
        await (await server.Beta.CallbackAsync(server.Client, body)).Response.ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await server.Alpha.CallbackAsync(server.Client, body with { externalId = "other" })).Response.ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await server.Alpha.CallbackAsync(server.Client, new { appointmentId = appointment.ToString(), externalId = order.ExternalId, status = "lost" })).Response
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(ChannelOrderStatus.Accepted, (await StoredAsync(appointment))!.Status);

        var (first, nonce) = await server.Alpha.CallbackAsync(server.Client, new { appointmentId = appointment.ToString(), externalId = order.ExternalId, status = "assigned" });
        await first.ShouldBe(HttpStatusCode.NoContent);
        await (await server.Alpha.CallbackAsync(server.Client, body, nonce)).Response.ShouldBeProblem(HttpStatusCode.Unauthorized, ChannelCallbacks.NonceReplayed);
        Assert.Equal(ChannelOrderStatus.Assigned, (await StoredAsync(appointment))!.Status);
    }

    [Fact]
    public async Task One_signed_callback_sent_ten_times_at_once_is_applied_once()
    {
        var appointment = await BookAsync();
        var order = (await PlaceAsync(appointment)).Order!;
        var body = new { appointmentId = appointment.ToString(), externalId = order.ExternalId, status = "assigned" };
        var nonce = Guid.NewGuid().ToString("N");

        var answers = await CatalogTestApi.InParallelAsync(10, _ => server.Alpha.CallbackAsync(server.Client, body, nonce).ContinueWith(t => t.Result.Response));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.NoContent));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.NoContent))
        {
            await refused.ShouldBeProblem(HttpStatusCode.Unauthorized, ChannelCallbacks.NonceReplayed);
        }

        Assert.Equal(2, (await EventsAsync(appointment)).Count);
    }
}

public sealed class RecyclingChannelTestsOnSqlite(ChannelSqliteServer server) : RecyclingChannelTests<ChannelSqliteServer>(server);

public sealed class RecyclingChannelTestsOnPostgres(ChannelPostgresServer server) : RecyclingChannelTests<ChannelPostgresServer>(server);
