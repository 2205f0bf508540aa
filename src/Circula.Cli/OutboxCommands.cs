using System.CommandLine;
using System.Globalization;
using Circula.Data;
using Circula.Shared.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Circula.Cli;

/// <summary>outbox list | replay: what the console's Outbox page does, for a shell or a script.</summary>
internal static class OutboxCommands
{
    private const int MaxErrorWidth = 60;

    public static Command Create(CliContext cli) => new("outbox", "List outbox messages and send dead ones again.") { List(cli), Replay(cli) };

    private static Command List(CliContext cli)
    {
        var status = new Option<OutboxStatus?>("--status") { Description = "pending, delivered or dead (default: all)" };
        var type = new Option<string?>("--type") { Description = "Only this event type, e.g. order.placed.v1" };
        var limit = new Option<int>("--limit") { Description = "How many, newest first (1-1000)", DefaultValueFactory = _ => 20 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                r.AddError("--limit must be 1 to 1000.");
            }
        });
        var list = new Command("list", "List outbox messages, newest first, with their attempts and last error.") { status, type, limit };
        list.SetAction((result, ct) => cli.WithServicesAsync(result, async services =>
        {
            var db = services.GetRequiredService<CirculaDbContext>();
            var messages = await db.Set<OutboxMessage>().AsNoTracking().NewestFirst(result.GetValue(status), result.GetValue(type))
                .Take(result.GetValue(limit)).ToListAsync(ct);
            if (messages.Count == 0)
            {
                await cli.Output.WriteLineAsync("No outbox messages match.");
                return 0;
            }

            var table = new Table().AddColumns("id", "type", "status", "attempts", "occurred (UTC)", "next attempt (UTC)", "last error");
            foreach (var m in messages)
            {
                table.AddRow(
                    m.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(m.Type), m.Status.ToString().ToLowerInvariant(),
                    m.Attempts.ToString(CultureInfo.InvariantCulture), Time(m.OccurredAt),
                    m.Status == OutboxStatus.Pending ? Time(m.NextAttemptAt) : "",
                    Markup.Escape(Shorten(m.LastError)));
            }

            cli.Console.Write(table);
            return 0;
        }));
        return list;
    }

    private static Command Replay(CliContext cli)
    {
        var ids = new Argument<long[]>("id") { Description = "The dead messages to send again", Arity = ArgumentArity.ZeroOrMore };
        var allDead = new Option<bool>("--all-dead") { Description = "Every dead message (with --type: of that type)" };
        var type = new Option<string?>("--type") { Description = "With --all-dead: only this event type" };
        var replay = new Command("replay", "Put dead messages back in line from their first attempt, once their cause is fixed.") { ids, allDead, type };
        replay.Validators.Add(r =>
        {
            if ((r.GetValue(ids) is { Length: > 0 }) == r.GetValue(allDead))
            {
                r.AddError("Name the messages to replay, or pass --all-dead (not both).");
            }
        });
        replay.SetAction((result, ct) => cli.WithServicesAsync(result, async services =>
        {
            var chosen = result.GetValue(ids) is { Length: > 0 } named
                ? named
                : await services.GetRequiredService<CirculaDbContext>().Set<OutboxMessage>().AsNoTracking()
                    .NewestFirst(OutboxStatus.Dead, result.GetValue(type)).Select(m => m.Id).ToArrayAsync(ct);
            var deadLetters = services.GetRequiredService<DeadLetters>();
            var failed = 0;
            foreach (var id in chosen)
            {
                var replayed = await deadLetters.ReplayAsync(id, ct);
                failed += replayed.IsSuccess ? 0 : 1;
                await cli.Output.WriteLineAsync(replayed.IsSuccess ? $"{id}: pending again" : $"{id}: {replayed.Error!.Detail}");
            }

            await cli.Output.WriteLineAsync($"Replayed {chosen.Length - failed} of {chosen.Length}.");
            return failed == 0 ? 0 : 1;
        }));
        return replay;
    }

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Shorten(string? error) =>
        error is null ? "" : error.Length <= MaxErrorWidth ? error : string.Concat(error.AsSpan(0, MaxErrorWidth - 1), "…");
}
