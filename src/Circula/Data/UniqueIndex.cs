using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Circula.Data;

/// <summary>
/// A unique index of the hand-written schema, so a lost insert race can be answered with 409 instead of 500.
/// PostgreSQL names the index in the error; SQLite names the columns ("skus.code") or, for an expression index,
/// the index itself ("index 'ux_…'"), which is what <paramref name="SqliteTarget"/> holds. A primary key counts as a
/// unique index (PostgreSQL names it <c>table_pkey</c>).
/// </summary>
public sealed record UniqueIndex(string Name, string SqliteTarget)
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    public bool IsViolatedBy(DbUpdateException exception) => exception.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation && pg.ConstraintName == Name,
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint
            && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey
            && sqlite.Message.Contains(SqliteTarget, StringComparison.Ordinal),
        _ => false,
    };
}
