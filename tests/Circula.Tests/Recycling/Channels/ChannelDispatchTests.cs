using System.Net;
using Circula.Identity.Contracts;
using Circula.Recycling.Appointments;
using Circula.Recycling.Channels;
using Circula.Recycling.Contracts;
using Circula.Tests.Catalog;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Recycling.Channels;

/// <summary>
/// Confirmed pickups offered to the third-party channels over HTTP, on a real server and database, against loopback
/// partners that check our signatures: the first channel that takes it drives the appointment with its signed callbacks
/// (to completion, each status once, forged ones ignored); a channel that fails, hangs or refuses is passed over (recorded
/// for operators) down to our own collectors; the breaker skips a failing channel until its break is over; cancelling
/// cancels the channel order; a channel giving the pickup up hands it back; a quiet order is asked about.
/// </summary>
public abstract class ChannelDispatchTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : ChannelServer
{
    private TestArea _area = null!;
    private TestCollector _collector = null!;

    private async Task<(AppointmentDto Appointment, SignedInUser Customer)> ConfirmedAsync()
    {
        if (_area is null)
        {
            _area = await server.CreateAreaAsync(capacity: 50);
            _collector = await server.CreateCollectorAsync(_area, capacity: 50);
        }

        var customer = await server.CreateUserAsync(Roles.Customer);
        var booked = await customer.BookedAsync(_area, server.NineAm());
        using var admin = await server.AdminClientAsync();
        Assert.Equal(("confirmed", null), await (await admin.ConfirmAsync(booked)).ReadAs<AppointmentDto>() is var c ? (c.Status, c.CollectorId) : default);
        return (booked, customer);
    }

    private async Task<AppointmentDetailDto> SettledAsync(AppointmentDto a, Func<AppointmentDetailDto, bool> until, TimeSpan? advanceEachPoll = null)
    {
        AppointmentDetailDto? detail = null;
        await server.EventuallyAsync(async () => until(detail = await server.DetailAsync(a)), advanceEachPoll);
        return detail!;
    }

    private Task<AppointmentDetailDto> HeldAsync(AppointmentDto a) => SettledAsync(a, d => d.Appointment.Status == "assigned");

    private static object Callback(AppointmentDetailDto held, string status, long? finalFen = null) =>
        new { appointmentId = held.Appointment.Id, externalId = held.ChannelOrder!.ExternalId, status, finalFen, detail = "师傅已上门" };

    private int Placements => server.Alpha.Requests.Count(r => r == "/partner/orders") + server.Beta.Requests.Count(r => r == "/partner/orders");

    private static IEnumerable<(string, string)> Outcomes(AppointmentDetailDto d) => d.ChannelAttempts.Select(a => (a.Channel, a.Outcome));

    [Fact]
    public async Task The_first_channel_takes_a_confirmed_pickup_and_its_callbacks_carry_it_to_completion_each_once()
    {
        var (booked, customer) = await ConfirmedAsync();

        var held = await HeldAsync(booked);
        Assert.Equal(("alpha", server.Alpha.ExternalId(booked.Id), "accepted", null), (held.ChannelOrder!.Channel, held.ChannelOrder.ExternalId, held.ChannelOrder.Status,
            held.Appointment.CollectorId));
        Assert.Equal([("alpha", ChannelAttempt.Placed)], Outcomes(held));
        Assert.Equal("13812345678", server.Alpha.Orders[booked.Id].GetProperty("contactPhone").GetString());

        foreach (var status in new[] { "assigned", "assigned", "on_the_way", "on_the_way" })
        {
            await (await server.Alpha.CallbackAsync(server.Client, Callback(held, status))).Response.ShouldBe(HttpStatusCode.NoContent);
        }

        await SettledAsync(booked, d => d.Appointment.Status == "on_the_way");
        await (await server.Alpha.CallbackAsync(server.Client, Callback(held, "completed", 1850))).Response.ShouldBe(HttpStatusCode.NoContent);
        await (await server.Alpha.CallbackAsync(server.Client, Callback(held, "completed", 1850))).Response.ShouldBe(HttpStatusCode.NoContent);

        var done = await SettledAsync(booked, d => d.Appointment.Status == "completed");
        Assert.Equal((1850L, "not_needed", null), (done.Appointment.FinalFen, done.Appointment.PriceAcceptance, done.Payout));
        Assert.Equal(["confirm", "assign", "start_trip", "weigh", "complete_by_channel"], done.History.Select(h => h.Trigger));
        Assert.Equal(["operator", "system", "system", "system", "system"], done.History.Select(h => h.Actor));
        Assert.StartsWith("taken by channel alpha", done.History[1].Reason, StringComparison.Ordinal);
        var balance = await (await customer.Client.GetAsync("/api/v1/recycling/balance")).ReadAs<BalanceDto>();
        Assert.Empty(balance.Entries);
        Assert.Empty(server.Alpha.SignatureFailures);
    }

    [Fact]
    public async Task A_failing_or_hanging_channel_is_passed_over_to_the_next_and_then_to_our_own_collector_and_a_slow_one_still_takes_it()
    {
        try
        {
            server.Alpha.Mode = PeerMode.Fails500;
            var (toBeta, _) = await ConfirmedAsync();
            var beta = await HeldAsync(toBeta);
            Assert.Equal(("beta", null), (beta.ChannelOrder!.Channel, beta.Appointment.CollectorId));
            Assert.Equal([("alpha", ChannelAttempt.Unavailable), ("beta", ChannelAttempt.Placed)], Outcomes(beta));

            server.Alpha.Mode = PeerMode.Hangs;
            server.Beta.Mode = PeerMode.Refuses;
            var (toUs, _) = await ConfirmedAsync();
            var ours = await HeldAsync(toUs);
            Assert.Equal((_collector.Id, null), (ours.Appointment.CollectorId, ours.ChannelOrder));
            Assert.Equal([("alpha", ChannelAttempt.TimedOut), ("beta", ChannelAttempt.Refused)], Outcomes(ours));
            Assert.Contains("area_not_covered", ours.ChannelAttempts[1].Detail, StringComparison.Ordinal);
            Assert.StartsWith("dispatched to the nearest available collector", ours.History.Last().Reason, StringComparison.Ordinal);

            server.Alpha.Mode = PeerMode.Slow;
            var (slow, _) = await ConfirmedAsync();
            Assert.Equal("alpha", (await HeldAsync(slow)).ChannelOrder!.Channel);
        }
        finally
        {
            server.Alpha.Mode = PeerMode.Healthy;
            server.Beta.Mode = PeerMode.Healthy;
        }
    }

    [Fact]
    public async Task The_breaker_opens_after_repeated_failures_so_later_pickups_skip_the_channel_and_it_closes_after_its_break()
    {
        // Out of the breaker's sampling window of earlier tests' failures.
        await server.AdvanceClockAsync(TimeSpan.FromMinutes(2));
        server.Alpha.Mode = PeerMode.Fails500;
        try
        {
            var alphaCalls = server.Alpha.Requests.Count;
            for (var i = 0; i < 5; i++)
            {
                var (failed, _) = await ConfirmedAsync();
                Assert.Equal("beta", (await HeldAsync(failed)).ChannelOrder!.Channel);
            }

            Assert.Equal(alphaCalls + 5, server.Alpha.Requests.Count);
            server.Alpha.Mode = PeerMode.Healthy;
            var (skipped, _) = await ConfirmedAsync();
            var held = await HeldAsync(skipped);
            Assert.Equal([("alpha", ChannelAttempt.CircuitOpen), ("beta", ChannelAttempt.Placed)], Outcomes(held));
            Assert.Equal(alphaCalls + 5, server.Alpha.Requests.Count);

            await server.AdvanceClockAsync(TimeSpan.FromSeconds(31));
            var (after, _) = await ConfirmedAsync();
            Assert.Equal([("alpha", ChannelAttempt.Placed)], Outcomes(await HeldAsync(after)));
        }
        finally
        {
            server.Alpha.Mode = PeerMode.Healthy;
        }
    }

    [Fact]
    public async Task Forged_callbacks_and_an_operator_assigning_a_held_pickup_change_nothing()
    {
        var (booked, _) = await ConfirmedAsync();
        var held = await HeldAsync(booked);

        await (await server.Alpha.CallbackAsync(server.Client, Callback(held, "completed", 1850), tamper: true)).Response
            .ShouldBeProblem(HttpStatusCode.Unauthorized, ChannelCallbacks.SignatureInvalid);
        await (await server.Alpha.CallbackAsync(server.Client, Callback(held, "cancelled"), unsigned: true)).Response
            .ShouldBeProblem(HttpStatusCode.Unauthorized, ChannelCallbacks.SignatureMissing);
        await (await server.Beta.CallbackAsync(server.Client, Callback(held, "cancelled"))).Response.ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        using var admin = await server.AdminClientAsync();
        await (await admin.PostAsync($"/api/v1/admin/recycling/appointments/{booked.Id}/assign", new { collectorId = _collector.Id }))
            .ShouldBeProblem(HttpStatusCode.Conflict, AppointmentWork.HeldByChannel);

        var after = await server.DetailAsync(booked);
        Assert.Equal(("assigned", "accepted", 2), (after.Appointment.Status, after.ChannelOrder!.Status, after.History.Count));
    }

    [Fact]
    public async Task A_customer_cancel_cancels_the_channel_order_retrying_while_the_channel_fails()
    {
        var (booked, customer) = await ConfirmedAsync();
        var held = await HeldAsync(booked);
        var cancelPath = $"/partner/orders/{held.ChannelOrder!.ExternalId}/cancel";
        server.Alpha.Mode = PeerMode.Fails500;
        try
        {
            Assert.Equal("cancelled", (await (await customer.Client.PostAsync($"/api/v1/recycling/appointments/{booked.Id}/cancel", new { reason = "临时有事" }))
                .ReadAs<AppointmentDto>()).Status);
            await server.EventuallyAsync(() => Task.FromResult(server.Alpha.Requests.Contains(cancelPath)));
        }
        finally
        {
            server.Alpha.Mode = PeerMode.Healthy;
        }

        // The outbox retries after its backoff, on the clock.
        var cancelled = await SettledAsync(booked, d => d.ChannelOrder!.Status == "cancelled", TimeSpan.FromSeconds(2));
        Assert.True(server.Alpha.Requests.Count(r => r == cancelPath) >= 2);
        Assert.Equal(("cancelled", "customer"), (cancelled.Appointment.Status, cancelled.Appointment.Cancellation));
        Assert.Equal(["confirm", "assign", "cancel"], cancelled.History.Select(h => h.Trigger));
    }

    [Fact]
    public async Task A_channel_giving_the_pickup_up_before_setting_off_hands_it_to_our_own_collector()
    {
        var (booked, _) = await ConfirmedAsync();
        var held = await HeldAsync(booked);

        await (await server.Alpha.CallbackAsync(server.Client, Callback(held, "rejected"))).Response.ShouldBe(HttpStatusCode.NoContent);

        var ours = await SettledAsync(booked, d => d.Appointment.CollectorId is not null);
        Assert.Equal(("assigned", _collector.Id, "rejected"), (ours.Appointment.Status, ours.Appointment.CollectorId, ours.ChannelOrder!.Status));
        Assert.Equal(["confirm", "assign", "release_by_channel", "assign"], ours.History.Select(h => h.Trigger));
    }

    [Fact]
    public async Task Parallel_confirms_of_one_appointment_place_it_once()
    {
        var customer = await server.CreateUserAsync(Roles.Customer);
        _area ??= await server.CreateAreaAsync(capacity: 50);
        var booked = await customer.BookedAsync(_area, server.NineAm());
        using var admin = await server.AdminClientAsync();
        var placements = Placements;

        var answers = await CatalogTestApi.InParallelAsync(8, _ => admin.ConfirmAsync(booked));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var held = await HeldAsync(booked);
        Assert.Equal([("alpha", ChannelAttempt.Placed)], Outcomes(held));
        Assert.Equal(placements + 1, Placements);
    }

    [Fact]
    public async Task A_quiet_channel_order_is_asked_about_and_the_answer_moves_the_appointment()
    {
        var (booked, _) = await ConfirmedAsync();
        var held = await HeldAsync(booked);
        var statusPath = $"/partner/orders/{held.ChannelOrder!.ExternalId}";
        server.Alpha.ReportedStatus = "on_the_way";
        try
        {
            await server.AdvanceClockAsync(TimeSpan.FromMinutes(31));
            var moved = await SettledAsync(booked, d => d.Appointment.Status == "on_the_way");
            Assert.Equal("on_the_way", moved.ChannelOrder!.Status);
            Assert.Contains(statusPath, server.Alpha.Requests);
        }
        finally
        {
            server.Alpha.ReportedStatus = "assigned";
        }
    }
}

public sealed class ChannelDispatchTestsOnSqlite(ChannelSqliteServer server) : ChannelDispatchTests<ChannelSqliteServer>(server);

public sealed class ChannelDispatchTestsOnPostgres(ChannelPostgresServer server) : ChannelDispatchTests<ChannelPostgresServer>(server);
