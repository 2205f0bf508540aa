using System.ComponentModel.DataAnnotations;

namespace Circula.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Bound from <c>Circula:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Circula:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    [Required(ErrorMessage = "Circula:Database:ConnectionString is required (e.g. 'Data Source=data/circula.db' or 'Host=...;Database=circula;Username=...').")]
    public string ConnectionString { get; set; } = "Data Source=data/circula.db";

    /// <summary>Apply pending migrations when the server starts. Turn off when `circula migrate` runs as a deploy step.</summary>
    public bool MigrateOnStart { get; set; } = true;
}

/// <summary>Bound from <c>Circula:Bootstrap</c> (Identity reads the admin password from the same section).</summary>
public sealed class SeedingOptions
{
    public const string Section = "Circula:Bootstrap";

    /// <summary>Seed the demo catalog and the demo customer on a new database. On in Development (appsettings.Development.json).</summary>
    public bool SeedDemoData { get; set; }
}
