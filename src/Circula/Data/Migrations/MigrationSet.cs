using System.Reflection;
using System.Text.RegularExpressions;

namespace Circula.Data.Migrations;

/// <summary>
/// One sequence of forward-only SQL files with its own history table: the product's, or one a separately loaded part of
/// the server (the development sandbox) brings for its own tables. Files are embedded resources named
/// <c>{ResourceNamespace}.{Provider}.NNNN_name.sql</c>; versions and checksums of one set never touch another's.
/// </summary>
public sealed partial record MigrationSet
{
    public static readonly MigrationSet Product = new(typeof(MigrationSet).Assembly, typeof(MigrationSet).Namespace!, "schema_migrations");

    public MigrationSet(Assembly assembly, string resourceNamespace, string historyTable)
    {
        // The table name goes into SQL text; only plain identifiers are allowed.
        if (!Identifier().IsMatch(historyTable))
        {
            throw new ArgumentException($"'{historyTable}' is not a lower-case SQL identifier.", nameof(historyTable));
        }

        (Assembly, ResourceNamespace, HistoryTable) = (assembly, resourceNamespace, historyTable);
    }

    public Assembly Assembly { get; }

    public string ResourceNamespace { get; }

    /// <summary>Where applied versions and their checksums are recorded.</summary>
    public string HistoryTable { get; }

    public IReadOnlyList<MigrationScript> Scripts(DatabaseProvider provider) => MigrationScript.Read(Assembly, $"{ResourceNamespace}.{provider}.", provider);

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex Identifier();
}
