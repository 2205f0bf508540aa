using System.Globalization;
using Circula.Data;
using Microsoft.Extensions.Configuration;
using Circula.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Circula.Tests.Platform;

/// <summary>The operator commands of `circula`, run in-process against the test server's database on each provider.</summary>
public abstract class CliOperationsTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private static readonly string[] Keys =
    [
        "--setting", $"Circula:Jwt:SigningKey={CirculaServer.JwtSigningKey}",
        "--setting", "Circula:WeChat:AppId=wx0123456789abcdef", "--setting", "Circula:WeChat:AppSecret=0123456789abcdef0123456789abcdef",
    ];

    [Fact]
    public async Task Outbox_list_shows_a_dead_message_and_replay_puts_it_back_once()
    {
        var id = 7_000_000_000_000L + Random.Shared.Next(1_000_000);
        await server.Database.ExecuteAsync(
            "INSERT INTO outbox_messages (id, type, payload, occurred_at, status, attempts, next_attempt_at, last_error) " +
            $"VALUES ({id}, 'cli.test.v1', '{{}}', '2026-11-01 00:00:00', 2, 8, '2026-11-01 00:00:00', 'HttpRequestException: Connection refused')");

        var (code, output) = await CliRunner.RunAsync(server.Database, "outbox", "list", "--status", "dead", "--type", "cli.test.v1");
        Assert.True(code == 0, output);
        Assert.Contains(id.ToString(CultureInfo.InvariantCulture), output, StringComparison.Ordinal);
        Assert.Contains("Connection refused", output, StringComparison.Ordinal);

        (code, output) = await CliRunner.RunAsync(server.Database, "outbox", "replay", id.ToString(CultureInfo.InvariantCulture));
        Assert.True(code == 0, output);
        Assert.Contains($"{id}: pending again", output, StringComparison.Ordinal);

        (code, output) = await CliRunner.RunAsync(server.Database, "outbox", "replay", id.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(1, code);
        Assert.Contains("Only dead messages can be replayed", output, StringComparison.Ordinal);

        (code, output) = await CliRunner.RunAsync(server.Database, "outbox", "replay");
        Assert.NotEqual(0, code);
        Assert.Contains("--all-dead", output, StringComparison.Ordinal);
        (code, output) = await CliRunner.RunAsync(server.Database, "outbox", "list", "--limit", "0");
        Assert.NotEqual(0, code);
        Assert.Contains("--limit must be 1 to 1000", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_writes_a_consistent_copy_and_never_overwrites()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("circula-backup-").FullName, "copy");
        var (code, output) = await CliRunner.RunAsync(server.Database, "backup", "--output", file);
        Assert.True(code == 0, output);
        Assert.Contains("Wrote " + file, output, StringComparison.Ordinal);
        if (server.Provider == DatabaseProvider.Sqlite)
        {
            await using var copy = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=false");
            await copy.OpenAsync();
            await using var command = copy.CreateCommand();
            command.CommandText = "SELECT count(*) FROM users WHERE username = 'admin'";
            Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
        }
        else
        {
            // pg_dump's custom format, which pg_restore reads.
            Assert.Equal("PGDMP"u8.ToArray(), (await File.ReadAllBytesAsync(file))[..5]);
        }

        (code, output) = await CliRunner.RunAsync(server.Database, "backup", "--output", file);
        Assert.Equal(1, code);
        Assert.Contains("exists", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_passes_on_a_good_setup_and_names_every_failure()
    {
        var (code, output) = await CliRunner.RunAsync(server.Database, [.. Keys, "check"]);
        Assert.True(code == 0, output);
        Assert.Contains("every setting is valid", output, StringComparison.Ordinal);
        Assert.Contains("answers", output, StringComparison.Ordinal);
        Assert.Contains("All checks passed.", output, StringComparison.Ordinal);

        // The file `config init` writes, with the database and keys from the environment as an operator would set them.
        var template = Path.Combine(Directory.CreateTempSubdirectory("circula-config-").FullName, "appsettings.Production.json");
        using (var written = new StringWriter())
        {
            Assert.Equal(0, await Circula.Cli.CirculaCli.RunAsync(["config", "init", "--output", template], written));
        }

        (code, output) = await CliRunner.RunAsync(server.Database, [.. Keys, "--config", template, "check"]);
        Assert.True(code == 0, output);

        (code, output) = await CliRunner.RunAsync(server.Database, "--setting", "Circula:Jwt:SigningKey=short", "check");
        Assert.Equal(1, code);
        Assert.Contains("FAIL", output, StringComparison.Ordinal);
        Assert.Contains("Circula:Jwt:SigningKey", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Products_export_and_import_all_or_nothing_with_line_numbers()
    {
        var folder = Directory.CreateTempSubdirectory("circula-csv-").FullName;
        var exported = Path.Combine(folder, "products.csv");
        var (code, output) = await CliRunner.RunAsync(server.Database, "export-products", exported);
        Assert.True(code == 0, output);
        var lines = await File.ReadAllLinesAsync(exported);
        Assert.StartsWith("product,category_id,name", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("iPhone 13 128G 二手", StringComparison.Ordinal));
        var categoryId = lines[1].Split(',')[1];

        var before = await CountAsync("SELECT count(*) FROM products");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var existingCode = await server.Database.ScalarAsync("SELECT code FROM skus ORDER BY id LIMIT 1");
        // A good product first, then one whose SKU code is taken: the first must not be written either.
        var conflicting = Path.Combine(folder, "conflict.csv");
        await File.WriteAllTextAsync(conflicting, $"""
            product,category_id,name,subtitle,description,attributes,spec_schema,sku_code,sku_specs,price_fen,stock,enabled
            a,{categoryId},导入测试 {tag},,"说明, 含逗号",品牌=测试,颜色=红|蓝,A-{tag}-R,颜色=红,1990,5,true
            a,{categoryId},,,,,,A-{tag}-B,颜色=蓝,1990,0,false
            b,{categoryId},撞码商品 {tag},,,,,{existingCode},,990,1,true
            """);
        (code, output) = await CliRunner.RunAsync(server.Database, "import-products", conflicting);
        Assert.Equal(1, code);
        Assert.Contains("Nothing was imported", output, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM products"));

        var invalid = Path.Combine(folder, "invalid.csv");
        await File.WriteAllTextAsync(invalid, $"""
            product,category_id,name,subtitle,description,attributes,spec_schema,sku_code,sku_specs,price_fen,stock,enabled
            c,{categoryId},价格写错 {tag},,,,,C-{tag},,12.50,1,true
            d,{categoryId},,,,,,D-{tag},,100,1,maybe
            """);
        (code, output) = await CliRunner.RunAsync(server.Database, "import-products", invalid);
        Assert.Equal(1, code);
        Assert.Matches(@"2\s*│\s*price_fen", output);
        Assert.Matches(@"3\s*│\s*enabled", output);
        Assert.Matches(@"3\s*│\s*name", output);

        var good = Path.Combine(folder, "good.csv");
        await File.WriteAllTextAsync(good, (await File.ReadAllTextAsync(conflicting)).Split('\n')[..3].Aggregate((a, b) => a + "\n" + b));
        (code, output) = await CliRunner.RunAsync(server.Database, "import-products", good);
        Assert.True(code == 0, output);
        Assert.Contains("Imported 1 products with 2 SKUs", output, StringComparison.Ordinal);
        Assert.Equal(before + 1, await CountAsync("SELECT count(*) FROM products"));
        Assert.Equal(5L, await CountAsync($"SELECT i.on_hand FROM inventory_items i JOIN skus s ON s.id = i.sku_id WHERE s.code = 'A-{tag}-R'"));
    }

    private async Task<long> CountAsync(string sql) => Convert.ToInt64(await server.Database.ScalarAsync(sql), CultureInfo.InvariantCulture);
}

public sealed class CliOperationsTestsOnSqlite(SqliteServer server) : CliOperationsTests<SqliteServer>(server);

public sealed class CliOperationsTestsOnPostgres(PostgresServer server) : CliOperationsTests<PostgresServer>(server);

/// <summary>The commands that touch no database.</summary>
public sealed class CliFileCommandTests
{
    [Fact]
    public async Task Help_lists_every_command_with_what_it_does()
    {
        using var output = new StringWriter();
        Assert.Equal(0, await Circula.Cli.CirculaCli.RunAsync(["--help"], output));
        foreach (var command in new[] { "migrate", "seed", "create-admin", "import-products", "export-products", "outbox", "keys", "config", "check", "backup" })
        {
            Assert.Matches($@"\n\s+{command}\s+\S", output.ToString());
        }
    }

    [Fact]
    public async Task Keys_generate_prints_fresh_keys()
    {
        using var first = new StringWriter();
        Assert.Equal(0, await Circula.Cli.CirculaCli.RunAsync(["keys", "generate"], first));
        using var second = new StringWriter();
        Assert.Equal(0, await Circula.Cli.CirculaCli.RunAsync(["keys", "generate"], second));

        var keys = first.ToString().Split('\n').Where(l => l.StartsWith("Circula__", StringComparison.Ordinal)).ToDictionary(l => l.Split('=', 2)[0], l => l.Split('=', 2)[1].Trim());
        Assert.Equal(["Circula__Jwt__SigningKey", "Circula__Metrics__Token", "Circula__Pii__EncryptionKey", "Circula__Pii__HashKey"], keys.Keys.Order());
        Assert.All(keys.Where(k => k.Key != "Circula__Metrics__Token"), k => Assert.Equal(32, Convert.FromBase64String(k.Value).Length));
        Assert.True(keys["Circula__Metrics__Token"].Length >= 32);
        Assert.DoesNotContain(keys["Circula__Jwt__SigningKey"], second.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_init_writes_a_commented_file_the_configuration_reader_accepts_and_keeps_an_existing_one()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("circula-config-").FullName, "appsettings.Production.json");
        using var output = new StringWriter();
        Assert.Equal(0, await Circula.Cli.CirculaCli.RunAsync(["config", "init", "--output", file], output));

        var configuration = new ConfigurationBuilder().AddJsonFile(file).Build();
        Assert.Equal("Postgres", configuration["Circula:Database:Provider"]);
        Assert.Equal("127.0.0.1", configuration["Circula:Network:KnownProxies:0"]);
        Assert.Equal("false", configuration["Circula:Payments:WeChatPay:Enabled"], ignoreCase: true);
        Assert.Contains("//", await File.ReadAllTextAsync(file), StringComparison.Ordinal);

        Assert.Equal(1, await Circula.Cli.CirculaCli.RunAsync(["config", "init", "--output", file], output));
        Assert.Contains("--force", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await Circula.Cli.CirculaCli.RunAsync(["config", "init", "--output", file, "--force"], output));
    }
}

/// <summary>`check` proves a payment provider's keys both ways against the loopback WeChat Pay peer (which verifies our signature as WeChat Pay does).</summary>
public sealed class CliCheckPaymentTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task Check_passes_with_the_merchants_key_and_fails_with_another()
    {
        await using var peer = new Circula.Tests.Payments.WeChatPay.WeChatPayPeer();
        await peer.StartAsync();

        var (code, output) = await CliRunner.RunAsync(server.Database, [.. Settings(peer, peer.MerchantKey.ExportPkcs8PrivateKeyPem()), "check"]);
        Assert.True(code == 0, output);
        Assert.True(output.Contains("payments: wechatpay", StringComparison.Ordinal), output);
        Assert.True(output.Contains("a signed query was answered and verified", StringComparison.Ordinal), output);

        using var stranger = System.Security.Cryptography.RSA.Create(2048);
        (code, output) = await CliRunner.RunAsync(server.Database, [.. Settings(peer, stranger.ExportPkcs8PrivateKeyPem()), "check"]);
        Assert.Equal(1, code);
        Assert.Matches(@"FAIL\s*│\s*payments: wechatpay", output);
    }

    private static string[] Settings(Circula.Tests.Payments.WeChatPay.WeChatPayPeer peer, string merchantKey) =>
    [
        .. new Dictionary<string, string>
        {
            ["Circula:Jwt:SigningKey"] = CirculaServer.JwtSigningKey,
            ["Circula:WeChat:AppId"] = Circula.Tests.Payments.WeChatPay.WeChatPayPeer.AppId,
            ["Circula:WeChat:AppSecret"] = "0123456789abcdef0123456789abcdef",
            ["Circula:Payments:WeChatPay:Enabled"] = "true",
            ["Circula:Payments:WeChatPay:MchId"] = Circula.Tests.Payments.WeChatPay.WeChatPayPeer.MchId,
            ["Circula:Payments:WeChatPay:AppId"] = Circula.Tests.Payments.WeChatPay.WeChatPayPeer.AppId,
            ["Circula:Payments:WeChatPay:MerchantSerialNumber"] = Circula.Tests.Payments.WeChatPay.WeChatPayPeer.MerchantSerial,
            ["Circula:Payments:WeChatPay:MerchantPrivateKey"] = merchantKey,
            ["Circula:Payments:WeChatPay:ApiV3Key"] = Circula.Tests.Payments.WeChatPay.WeChatPayPeer.ApiV3Key,
            ["Circula:Payments:WeChatPay:WeChatPayPublicKeyId"] = Circula.Tests.Payments.WeChatPay.WeChatPayPeer.PublicKeyId,
            ["Circula:Payments:WeChatPay:WeChatPayPublicKey"] = peer.PlatformPublicKeyPem,
            ["Circula:Payments:WeChatPay:BaseUrl"] = peer.BaseUrl,
            ["Circula:Payments:WeChatPay:NotifyUrl"] = "https://shop.example.com/api/v1/payments/wechatpay/notify",
        }.SelectMany(s => new[] { "--setting", $"{s.Key}={s.Value}" }),
    ];
}

/// <summary>`check` connects to each active group robot without sending it anything.</summary>
public sealed class CliCheckRobotTests(Circula.Tests.Notifications.NotificationSqliteServer server) : IClassFixture<Circula.Tests.Notifications.NotificationSqliteServer>
{
    [Fact]
    public async Task Check_reaches_a_robot_without_sending_and_fails_on_one_nobody_answers()
    {
        using var admin = await server.AdminClientAsync();
        var key = server.Robots.AddRobot();
        await Circula.Tests.Notifications.NotificationTestApi.CreateRobotAsync(admin, "wecom", server.Robots.WeComUrl(key), null, "text", "order.placed.v1");
        string[] settings =
        [
            "--setting", $"Circula:Jwt:SigningKey={CirculaServer.JwtSigningKey}", "--setting", "Circula:Notifications:AllowPrivateTargets=true",
            "--setting", "Circula:WeChat:AppId=wx0123456789abcdef", "--setting", "Circula:WeChat:AppSecret=0123456789abcdef0123456789abcdef",
        ];

        var (code, output) = await CliRunner.RunAsync(server.Database, [.. settings, "check"]);
        Assert.True(code == 0, output);
        Assert.Contains("accepts connections (nothing was sent)", output, StringComparison.Ordinal);
        Assert.Empty(server.Robots.For(key));

        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await Circula.Tests.Notifications.NotificationTestApi.CreateRobotAsync(admin, "wecom", $"http://127.0.0.1:{port}/cgi-bin/webhook/send?key=gone", null, "text", "order.placed.v1");
        (code, output) = await CliRunner.RunAsync(server.Database, [.. settings, "check"]);
        Assert.Equal(1, code);
        Assert.Contains("cannot be reached", output, StringComparison.Ordinal);
    }
}
