using Npgsql;

namespace Circula.Tests.Infrastructure;

/// <summary>
/// The throwaway PostgreSQL cluster that ./test.sh starts. Tests never skip when it is missing: they fail and say how to run them.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "CIRCULA_TEST_POSTGRES";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the tests with ./test.sh, which starts a throwaway PostgreSQL server and sets it.");

    /// <summary>A new database, empty or a copy of <paramref name="template"/> (to which nothing may be connected).</summary>
    public static async Task<(string Name, string ConnectionString)> CreateDatabaseAsync(string? template = null)
    {
        var name = "circula_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            if (template is not null)
            {
                // The pool of the server that seeded it can still hold idle connections to it, which would refuse the copy.
                await using var terminate = new NpgsqlCommand($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{template}'", connection);
                await terminate.ExecuteNonQueryAsync();
            }

            await using var command = new NpgsqlCommand(template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {template}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name };
        return (name, builder.ConnectionString);
    }

    public static async Task DropDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
