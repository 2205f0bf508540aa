using System.CommandLine;
using Circula.Data.Migrations;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Cli;

/// <summary>migrate, seed, create-admin: the database's schema, demo data and first accounts.</summary>
internal static class DatabaseCommands
{
    public static IEnumerable<Command> Create(CliContext cli) => [Migrate(cli), Seed(cli), CreateAdmin(cli)];

    private static Command Migrate(CliContext cli)
    {
        var to = new Option<int?>("--to") { Description = "Stop after this migration version (default: all)" };
        var migrate = new Command("migrate", "Apply pending database migrations (safe to run from several machines at once).") { to };
        migrate.SetAction((result, ct) => cli.WithServicesAsync(result, async services =>
        {
            var applied = await services.GetRequiredService<MigrationRunner>().MigrateAsync(result.GetValue(to), ct);
            await cli.Output.WriteLineAsync(applied.Count == 0
                ? "The database is up to date."
                : string.Join(Environment.NewLine, applied.Select(m => $"applied {m.Version:D4}_{m.Name}")));
            return 0;
        }));
        return migrate;
    }

    private static Command Seed(CliContext cli)
    {
        var seed = new Command("seed", "Migrate, create the first admin if missing, and seed the demo data once.");
        seed.SetAction((result, ct) => cli.WithServicesAsync(result, async services =>
        {
            var outcome = await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(migrate: true, seedDemoData: true, ct);
            foreach (var applied in outcome.AppliedMigrations)
            {
                await cli.Output.WriteLineAsync($"applied {applied.Version:D4}_{applied.Name}");
            }

            if (outcome.GeneratedAdminPassword is { } password)
            {
                await cli.Output.WriteLineAsync($"Created '{AdminBootstrap.AdminUsername}' with password: {password}");
            }

            await cli.Output.WriteLineAsync(outcome.DemoDataSeeded ? "Seeded the demo data." : "The demo data was already seeded.");
            return 0;
        }));
        return seed;
    }

    private static Command CreateAdmin(CliContext cli)
    {
        var username = new Option<string>("--username") { Description = "Login name", Required = true };
        var password = new Option<string?>("--password") { Description = "Password (default: generate one and print it)" };
        var role = new Option<string>("--role") { Description = "admin or operator", DefaultValueFactory = _ => Roles.Admin };
        var createAdmin = new Command("create-admin", "Create an operator or admin account.") { username, password, role };
        createAdmin.SetAction((result, ct) => cli.WithServicesAsync(result, async services =>
        {
            var chosenRole = result.GetValue(role)!;
            if (chosenRole is not (Roles.Admin or Roles.Operator))
            {
                await cli.Output.WriteLineAsync("--role must be admin or operator.");
                return 2;
            }

            var secret = result.GetValue(password) ?? Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(15));
            var admin = services.GetRequiredService<AdminBootstrap>();
            var name = result.GetValue(username)!;
            if (await admin.ExistsAsync(name, ct))
            {
                await cli.Output.WriteLineAsync($"A user named '{name}' already exists.");
                return 1;
            }

            var user = await admin.CreateAsync(name, secret, [chosenRole], ct);
            await cli.Output.WriteLineAsync($"Created {chosenRole} '{user.Username}' (id {user.Id})" +
                (result.GetValue(password) is null ? $" with password: {secret}" : "."));
            return 0;
        }));
        return createAdmin;
    }
}
