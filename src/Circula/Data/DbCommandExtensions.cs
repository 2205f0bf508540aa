using System.Data.Common;

namespace Circula.Data;

public static class DbCommandExtensions
{
    /// <summary>Adds a named parameter; the same call works for SQLite and PostgreSQL commands.</summary>
    public static DbCommand WithParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }
}
