using System.Data.Common;
using Circula.Data;

namespace Circula.Sandbox;

/// <summary>
/// Plain SQL on the sandbox's tables, each statement on a pooled connection of its own. Every change the sandbox makes is
/// one conditional statement, so replicas on one database agree without transactions, and no connection is held while a
/// sandbox call waits for our notify endpoint.
/// </summary>
public sealed class SandboxDatabase(DbConnectionFactory connections)
{
    public async Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>A time column as UTC: PostgreSQL says so itself, SQLite keeps the text without a zone.</summary>
    public static DateTimeOffset Utc(DbDataReader reader, int ordinal) => new(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));

    public static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.WithParameter(name, value);
        }

        return command;
    }
}
