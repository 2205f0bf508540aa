using System.Net;
using System.Net.Http.Json;
using Circula.Data;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Platform;

public abstract class CliTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task Create_admin_makes_an_operator_who_can_sign_in_over_http()
    {
        var name = "ops" + Guid.NewGuid().ToString("N")[..8];
        var (code, output) = await CliRunner.RunAsync(server.Database, "create-admin", "--username", name, "--password", "Ops-Pass-123!", "--role", "operator");
        Assert.True(code == 0, output);

        var tokens = await server.LoginAsync(name, "Ops-Pass-123!");
        var payload = System.Text.Encoding.UTF8.GetString(Base64Url(tokens.AccessToken.Split('.')[1]));
        Assert.Contains("\"operator\"", payload, StringComparison.Ordinal);

        (code, output) = await CliRunner.RunAsync(server.Database, "create-admin", "--username", name, "--password", "x");
        Assert.Equal(1, code);
        Assert.Contains("already exists", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_admin_without_password_prints_a_generated_one_and_rejects_unknown_roles()
    {
        var name = "adm" + Guid.NewGuid().ToString("N")[..8];
        var (code, output) = await CliRunner.RunAsync(server.Database, "create-admin", "--username", name);
        Assert.True(code == 0, output);
        var password = output.Trim().Split("with password: ")[1];
        var response = await server.Client.PostAsJsonAsync("/api/v1/auth/login", new { username = name, password });
        await response.ShouldBe(HttpStatusCode.OK);

        (code, output) = await CliRunner.RunAsync(server.Database, "create-admin", "--username", name + "x", "--role", "customer");
        Assert.Equal(2, code);
        Assert.Contains("--role must be admin or operator", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_on_a_seeded_database_changes_nothing()
    {
        var (code, output) = await CliRunner.RunAsync(server.Database, "seed");
        Assert.True(code == 0, output);
        Assert.Contains("already seeded", output, StringComparison.Ordinal);
        Assert.DoesNotContain("with password", output, StringComparison.Ordinal);
    }

    private static byte[] Base64Url(string value)
    {
        var s = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}

public sealed class CliTestsOnSqlite(SqliteServer server) : CliTests<SqliteServer>(server);

public sealed class CliTestsOnPostgres(PostgresServer server) : CliTests<PostgresServer>(server);

public sealed class CliSeedTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Seed_on_a_new_database_migrates_creates_the_admin_and_seeds_once(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (code, output) = await CliRunner.RunAsync(database, "seed");
        Assert.True(code == 0, output);
        Assert.Contains("applied 0001_identity", output, StringComparison.Ordinal);
        Assert.Contains("Created 'admin' with password: ", output, StringComparison.Ordinal);
        Assert.Contains("Seeded the demo data.", output, StringComparison.Ordinal);
        Assert.Equal(1L, Convert.ToInt64(await database.ScalarAsync("SELECT count(*) FROM users WHERE username = 'admin'"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1L, Convert.ToInt64(await database.ScalarAsync("SELECT count(*) FROM users WHERE username = 'demo'"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Seed_without_pii_keys_outside_development_says_which_to_set()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var output = new StringWriter();

        var code = await Circula.Cli.CirculaCli.RunAsync(["seed", "--connection-string", database.ConnectionString], output);

        Assert.Equal(1, code);
        Assert.Contains("Circula__Pii__EncryptionKey", output.ToString(), StringComparison.Ordinal);
    }
}
