using System.CommandLine;
using System.Net.Sockets;
using Circula.Data.Migrations;
using Circula.Data;
using Circula.Notifications.Outbound;
using Circula.Notifications.Robots;
using Circula.Payments.Providers;
using Circula.Payments;
using Circula.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Circula.Cli;

/// <summary>
/// check: everything a start needs, tried without starting: every setting, the database and its migrations, each
/// enabled payment provider (a signed query of a trade that does not exist, so keys and certificates are proven both
/// ways) and each active group robot (its host is public and accepts a connection; nothing is sent). Exit code 0 when
/// all pass, 1 otherwise.
/// </summary>
internal static class CheckCommand
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private enum Verdict
    {
        Pass,
        Warn,
        Fail,
    }

    private sealed record Finding(string Part, Verdict Verdict, string Detail);

    public static Command Create(CliContext cli)
    {
        var check = new Command("check", "Validate the configuration and reach the database, payment providers and robots; exit code 1 on any failure.");
        check.SetAction((result, ct) => cli.WithServicesAsync(result, async services =>
        {
            var findings = new List<Finding>();
            var problems = services.GetRequiredService<ValidatedOptions>().Problems(services);
            findings.AddRange(problems.Count == 0
                ? [new Finding("settings", Verdict.Pass, "every setting is valid")]
                : problems.Select(p => new Finding("settings", Verdict.Fail, p)));
            findings.AddRange(await DatabaseAsync(services, ct));
            if (problems.Count == 0 && findings.All(f => f.Verdict != Verdict.Fail))
            {
                findings.AddRange(await PaymentProvidersAsync(services, ct));
                findings.AddRange(await RobotsAsync(services, ct));
            }

            var table = new Table().AddColumns("", "part", "result");
            foreach (var finding in findings)
            {
                table.AddRow(finding.Verdict switch { Verdict.Pass => "[green]ok[/]", Verdict.Warn => "[yellow]warn[/]", _ => "[red]FAIL[/]" },
                    Markup.Escape(finding.Part), Markup.Escape(finding.Detail));
            }

            cli.Console.Write(table);
            var failed = findings.Count(f => f.Verdict == Verdict.Fail);
            await cli.Output.WriteLineAsync(failed == 0 ? "All checks passed." : $"{failed} check(s) failed.");
            return failed == 0 ? 0 : 1;
        }));
        return check;
    }

    private static async Task<IReadOnlyList<Finding>> DatabaseAsync(IServiceProvider services, CancellationToken ct)
    {
        var connections = services.GetRequiredService<DbConnectionFactory>();
        try
        {
            await using var connection = await connections.OpenAsync(ct);
            var pending = await services.GetRequiredService<MigrationRunner>().PendingAsync(ct);
            return
            [
                new("database", Verdict.Pass, $"{connections.Describe()} answers ({connection.ServerVersion})"),
                pending.Count == 0
                    ? new("migrations", Verdict.Pass, "up to date")
                    : new("migrations", Verdict.Warn, $"{pending.Count} pending ({pending[0].Version:D4}_{pending[0].Name} first); the server applies them on start, or run `circula migrate`"),
            ];
        }
        catch (Exception e) when (DatabaseOutage.IsUnavailable(e) || e is System.Data.Common.DbException)
        {
            return [new("database", Verdict.Fail, $"{connections.Describe()} is unavailable: {e.GetBaseException().Message}")];
        }
    }

    private static async Task<IReadOnlyList<Finding>> PaymentProvidersAsync(IServiceProvider services, CancellationToken ct)
    {
        var enabled = services.GetRequiredService<PaymentProviders>().Enabled;
        if (enabled.Count == 0)
        {
            return [new("payments", Verdict.Warn, "no payment provider is enabled")];
        }

        var findings = new List<Finding>();
        foreach (var provider in enabled)
        {
            var part = "payments: " + provider.Info.Name;
            // A trade that cannot exist: the provider's signed "no such trade" proves our request signature, its answer's
            // signature and the network path, and changes nothing there.
            var probe = Payment.Start(Random.Shared.NextInt64(1, long.MaxValue), 0, 0, provider.Info.Name, provider.Info.Channels[0].Name, 1, null, services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
            try
            {
                var answer = await provider.QueryAsync(probe, ct);
                findings.Add(answer.State == TradeState.Unknown
                    ? new(part, Verdict.Fail, "no verified answer: the provider refused our signature, or its answer's did not verify (the warning above says which)")
                    : new(part, Verdict.Pass, "a signed query was answered and verified"));
            }
            catch (Exception e) when (e is ProviderUnavailableException or HttpRequestException or TaskCanceledException)
            {
                findings.Add(new(part, Verdict.Fail, e.Message));
            }
        }

        return findings;
    }

    private static async Task<IReadOnlyList<Finding>> RobotsAsync(IServiceProvider services, CancellationToken ct)
    {
        var robots = await services.GetRequiredService<CirculaDbContext>().Set<Robot>().AsNoTracking()
            .Where(r => r.Status == RobotStatus.Active).OrderBy(r => r.Id).ToListAsync(ct);
        var protector = services.GetRequiredService<PiiProtector>();
        var guard = services.GetRequiredService<TargetGuard>();
        var findings = new List<Finding>();
        foreach (var robot in robots)
        {
            var part = $"robot: {robot.Name} ({robot.Provider})";
            var url = new Uri(protector.Decrypt(robot.ProtectedUrl));
            if (await guard.RefusalAsync(url, ct) is { } refusal)
            {
                findings.Add(new(part, Verdict.Fail, $"{robot.UrlHint} {refusal}"));
                continue;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ConnectTimeout);
            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync(url.Host, url.Port, timeout.Token);
                findings.Add(new(part, Verdict.Pass, $"{robot.UrlHint} accepts connections (nothing was sent)"));
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                findings.Add(new(part, Verdict.Fail, $"{robot.UrlHint} cannot be reached: {e.Message}"));
            }
        }

        return findings.Count == 0 ? [new("robots", Verdict.Pass, "no active robot to reach")] : findings;
    }
}
