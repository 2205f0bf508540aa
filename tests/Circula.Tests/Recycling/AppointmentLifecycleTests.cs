using System.Net;
using Circula.Identity.Contracts;
using Circula.Tests.Catalog;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Recycling;

/// <summary>
/// The pickup lifecycle over HTTP: confirm (dispatch), start, weigh, accept, complete with a cash payout and the ledger;
/// cancellations and no-shows releasing places; who may do what; races between transitions.
/// </summary>
public abstract class AppointmentLifecycleTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task A_pickup_runs_from_booking_to_a_cash_payout_with_a_history_row_per_step()
    {
        var area = await server.CreateAreaAsync(capacity: 3);
        var collector = await server.CreateCollectorAsync(area);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var booked = await customer.BookedAsync(area, server.NineAm());
        using var admin = await server.AdminClientAsync();

        var confirmed = await (await admin.ConfirmAsync(booked)).ReadAs<AppointmentDto>();
        Assert.Equal(("assigned", collector.Id), (confirmed.Status, confirmed.CollectorId));
        var tasks = await (await collector.Client.GetAsync($"/api/v1/recycling/collector/tasks?date={DayOf(booked):yyyy-MM-dd}")).ReadAs<List<AppointmentDto>>();
        Assert.Equal(("13812345678", booked.Id), (tasks.Single().Contact.Phone, tasks.Single().Id));
        Assert.Equal("on_the_way", (await (await collector.TaskAsync(booked, "start")).ReadAs<AppointmentDto>()).Status);
        var weighed = await (await collector.WeighAsync(booked, 5.3m)).ReadAs<AppointmentDto>();
        Assert.Equal(("weighed", 742L, "not_needed"), (weighed.Status, weighed.FinalFen, weighed.PriceAcceptance));
        var completed = await (await collector.TaskAsync(booked, "complete", new { payoutMethod = "cash", paidFen = 742 })).ReadAs<AppointmentDto>();
        Assert.Equal("completed", completed.Status);

        await server.EventuallyAsync(async () => (await server.DetailAsync(booked)).Payout?.Status == "paid");
        var detail = await server.DetailAsync(booked);
        Assert.Equal(("cash", 742L, $"cash:{collector.Id}"), (detail.Payout!.Provider, detail.Payout.AmountFen, detail.Payout.Reference));
        Assert.Equal(["confirm", "assign", "start_trip", "weigh", "complete"], detail.History.Select(h => h.Trigger));
        Assert.Equal(["operator", "system", "collector", "collector", "collector"], detail.History.Select(h => h.Actor));
        var balance = await (await customer.Client.GetAsync("/api/v1/recycling/balance")).ReadAs<BalanceDto>();
        Assert.Equal(0, balance.BalanceFen);
        Assert.Equal([("payout", -742L), ("recycling_proceeds", 742L)], balance.Entries.Select(e => (e.Reason, e.AmountFen)));
        await server.EventuallyAsync(async () => Convert.ToInt64(await server.Database.ScalarAsync(
            $"SELECT COUNT(*) FROM outbox_messages WHERE type = 'recycling.appointment-status-changed.v1' AND payload LIKE '%{booked.Id}%'")) == 5);
        Assert.True(await server.CountedAsync("circula_recycling_appointments_transitions_total", "status=\"Completed\"", "trigger=\"Complete\"") >= 1);
        Assert.True(await server.CountedAsync("circula_recycling_payouts_requested_value_fen_total", "provider=\"cash\"") >= 742);
    }

    [Fact]
    public async Task A_weighed_price_far_from_the_quote_waits_for_the_customer_who_may_accept_or_reject_it()
    {
        var area = await server.CreateAreaAsync(capacity: 3);
        var collector = await server.CreateCollectorAsync(area);
        var customer = await server.CreateUserAsync(Roles.Customer);
        using var admin = await server.AdminClientAsync();
        var accepted = await customer.BookedAsync(area, server.NineAm());
        var rejected = await customer.BookedAsync(area, server.NineAm());
        foreach (var a in new[] { accepted, rejected })
        {
            await (await admin.ConfirmAsync(a)).ShouldBe(HttpStatusCode.OK);
            await (await collector.TaskAsync(a, "start")).ShouldBe(HttpStatusCode.OK);
            Assert.Equal((1400L, "awaiting"), await (await collector.WeighAsync(a, 10m)).ReadAs<AppointmentDto>() is var w ? (w.FinalFen!.Value, w.PriceAcceptance!) : default);
        }

        await (await collector.TaskAsync(accepted, "complete", new { payoutMethod = "cash", paidFen = 1400 })).ShouldBeProblem(HttpStatusCode.Conflict, "price_not_accepted");
        var other = await server.CreateUserAsync(Roles.Customer);
        await (await other.Client.PostAsync($"/api/v1/recycling/appointments/{accepted.Id}/accept-price")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("accepted", (await (await customer.Client.PostAsync($"/api/v1/recycling/appointments/{accepted.Id}/accept-price")).ReadAs<AppointmentDto>()).PriceAcceptance);
        await (await customer.Client.PostAsync($"/api/v1/recycling/appointments/{accepted.Id}/accept-price"))
            .ShouldBeProblem(HttpStatusCode.Conflict, "price_acceptance_not_needed");
        var wrongCash = await (await collector.TaskAsync(accepted, "complete", new { payoutMethod = "cash", paidFen = 700 }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["paidFen"], wrongCash.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        var unknown = await (await collector.TaskAsync(accepted, "complete", new { payoutMethod = "bitcoin" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["payoutMethod"], unknown.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal("completed", (await (await collector.TaskAsync(accepted, "complete", new { payoutMethod = "cash", paidFen = 1400 })).ReadAs<AppointmentDto>()).Status);

        var cancelled = await (await customer.Client.PostAsync($"/api/v1/recycling/appointments/{rejected.Id}/reject-price", new { reason = "价格太高了" }))
            .ReadAs<AppointmentDto>();
        Assert.Equal(("cancelled", "price_rejected", "价格太高了"), (cancelled.Status, cancelled.Cancellation, cancelled.CancelReason));
    }

    [Fact]
    public async Task Cancelling_releases_the_slot_and_the_collector_place_and_a_no_show_is_recorded_as_such()
    {
        var area = await server.CreateAreaAsync(capacity: 1);
        var collector = await server.CreateCollectorAsync(area, capacity: 1);
        var customer = await server.CreateUserAsync(Roles.Customer);
        using var admin = await server.AdminClientAsync();
        var first = await customer.BookedAsync(area, server.NineAm());
        await (await customer.Client.BookAsync(await customer.Client.CardboardAsync(), area, server.NineAm())).ShouldBeProblem(HttpStatusCode.Conflict, "slot_full");
        Assert.Equal("assigned", (await (await admin.ConfirmAsync(first)).ReadAs<AppointmentDto>()).Status);

        var cancelled = await (await customer.Client.PostAsync($"/api/v1/recycling/appointments/{first.Id}/cancel")).ReadAs<AppointmentDto>();
        Assert.Equal(("cancelled", "customer"), (cancelled.Status, cancelled.Cancellation));
        var second = await customer.BookedAsync(area, server.NineAm());
        Assert.Equal(collector.Id, (await (await admin.ConfirmAsync(second)).ReadAs<AppointmentDto>()).CollectorId);
        await (await collector.TaskAsync(second, "start")).ShouldBe(HttpStatusCode.OK);
        await (await customer.Client.PostAsync($"/api/v1/recycling/appointments/{second.Id}/cancel")).ShouldBeProblem(HttpStatusCode.Conflict, "invalid_transition");
        var noShow = await (await collector.TaskAsync(second, "no-show", new { reason = "敲门无人" })).ReadAs<AppointmentDto>();
        Assert.Equal(("cancelled", "no_show", "敲门无人"), (noShow.Status, noShow.Cancellation, noShow.CancelReason));
        Assert.Equal("report_no_show", (await server.DetailAsync(second)).History[^1].Trigger);
        Assert.True(await server.CountedAsync("circula_recycling_appointments_transitions_total", "status=\"Cancelled\"", "trigger=\"ReportNoShow\"") >= 1);

        var third = await customer.BookedAsync(area, server.NineAm());
        Assert.Equal(collector.Id, (await (await admin.ConfirmAsync(third)).ReadAs<AppointmentDto>()).CollectorId);
        var noReason = await (await admin.PostAsync($"/api/v1/admin/recycling/appointments/{third.Id}/cancel", new { reason = " " }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["reason"], noReason.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        var byOperator = await (await admin.PostAsync($"/api/v1/admin/recycling/appointments/{third.Id}/cancel", new { reason = "暴雨" })).ReadAs<AppointmentDto>();
        Assert.Equal(("operator", "暴雨"), (byOperator.Cancellation, byOperator.CancelReason));
    }

    [Fact]
    public async Task Only_the_owner_and_the_assigned_collector_reach_an_appointment_and_only_through_their_steps()
    {
        var area = await server.CreateAreaAsync(capacity: 3);
        var collector = await server.CreateCollectorAsync(area);
        var stranger = await server.CreateCollectorAsync(area);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var booked = await customer.BookedAsync(area, server.NineAm());

        await (await collector.TaskAsync(booked, "start")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await customer.Client.GetAsync("/api/v1/recycling/collector/tasks?date=2026-01-01")).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await customer.Client.GetAsync("/api/v1/admin/recycling/appointments?date=2026-01-01")).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        using var admin = await server.AdminClientAsync();
        var assigned = await (await admin.ConfirmAsync(booked)).ReadAs<AppointmentDto>();
        var (mine, theirs) = assigned.CollectorId == collector.Id ? (collector, stranger) : (stranger, collector);
        await (await theirs.TaskAsync(booked, "start")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await mine.TaskAsync(booked, "weigh", new { items = new[] { new { quantity = 1, attributes = new { } } } }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "invalid_transition");
        await (await mine.TaskAsync(booked, "start")).ShouldBe(HttpStatusCode.OK);
        var bad = await (await mine.TaskAsync(booked, "weigh", new { items = new[] { new { quantity = -1, attributes = new { wet = "yes" } } } }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["items[0].attributes.wet", "items[0].quantity"], bad.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var mineOnly = await (await customer.Client.GetAsync("/api/v1/recycling/appointments")).ReadAs<List<AppointmentDto>>();
        Assert.Equal([booked.Id], mineOnly.Select(a => a.Id));
        var listed = await (await admin.GetAsync($"/api/v1/admin/recycling/appointments?date={DayOf(booked):yyyy-MM-dd}&status=on_the_way")).ReadAs<List<AppointmentDto>>();
        Assert.Contains(booked.Id, listed.Select(a => a.Id));
        Assert.All(listed, a => Assert.Equal("on_the_way", a.Status));
        await (await admin.GetAsync("/api/v1/admin/recycling/appointments?status=lost")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task Complete_sent_at_once_many_times_pays_out_once_with_one_set_of_ledger_entries()
    {
        var (_, collector, _, booked) = await AssignedAsync();
        await (await collector.TaskAsync(booked, "start")).ShouldBe(HttpStatusCode.OK);
        await (await collector.WeighAsync(booked, 5m)).ShouldBe(HttpStatusCode.OK);

        var answers = await CatalogTestApi.InParallelAsync(8, _ => collector.TaskAsync(booked, "complete", new { payoutMethod = "cash", paidFen = 700 }));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        await server.EventuallyAsync(async () => (await server.DetailAsync(booked)).Payout?.Status == "paid");
        Assert.Equal(1L, Convert.ToInt64(await server.Database.ScalarAsync($"SELECT COUNT(*) FROM recycling_payouts WHERE appointment_id = {booked.Id}")));
        Assert.Equal(2L, Convert.ToInt64(await server.Database.ScalarAsync($"SELECT COUNT(*) FROM recycling_ledger_entries WHERE appointment_id = {booked.Id}")));
        Assert.Equal(0L, Convert.ToInt64(await server.Database.ScalarAsync($"SELECT SUM(amount_fen) FROM recycling_ledger_entries WHERE appointment_id = {booked.Id}")));
        Assert.Single((await server.DetailAsync(booked)).History, h => h.Trigger == "complete");
    }

    [Fact]
    public async Task Racing_transitions_let_one_win_and_the_others_get_409()
    {
        var (area, collector, customer, booked) = await AssignedAsync();

        // Starting the trip and the customer cancelling exclude each other: after either, the other is not allowed.
        var answers = await CatalogTestApi.InParallelAsync(8, i => i % 2 == 0
            ? collector.TaskAsync(booked, "start")
            : customer.Client.PostAsync($"/api/v1/recycling/appointments/{booked.Id}/cancel"));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var detail = await server.DetailAsync(booked);
        Assert.Equal(["confirm", "assign", detail.Appointment.Status == "cancelled" ? "cancel" : "start_trip"], detail.History.Select(h => h.Trigger));
        var held = detail.Appointment.Status == "cancelled" ? 0L : 1L;
        Assert.Equal(held, Convert.ToInt64(await server.Database.ScalarAsync($"SELECT SUM(booked) FROM recycling_slot_counts WHERE area_id = {area.Id}")));
        Assert.Equal(held, Convert.ToInt64(await server.Database.ScalarAsync($"SELECT SUM(booked) FROM recycling_collector_slots WHERE collector_id = {collector.Id}")));
    }

    /// <summary>A new customer's pickup in a new area, confirmed and so dispatched to that area's one collector.</summary>
    private async Task<(TestArea Area, TestCollector Collector, SignedInUser Customer, AppointmentDto Booked)> AssignedAsync()
    {
        var customer = await server.CreateUserAsync(Roles.Customer);
        var (area, collector, booked) = await server.AssignedPickupAsync(customer);
        return (area, collector, customer, booked);
    }

    private static DateOnly DayOf(AppointmentDto a) => DateOnly.FromDateTime(a.SlotStart.AddHours(8));
}

public sealed class AppointmentLifecycleTestsOnSqlite(SqliteServer server) : AppointmentLifecycleTests<SqliteServer>(server);

public sealed class AppointmentLifecycleTestsOnPostgres(PostgresServer server) : AppointmentLifecycleTests<PostgresServer>(server);
