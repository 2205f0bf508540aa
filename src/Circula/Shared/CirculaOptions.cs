namespace Circula.Shared;

/// <summary>Bound from <c>Circula</c>: settings that belong to no single module.</summary>
public sealed class CirculaOptions
{
    public const string Section = "Circula";

    /// <summary>Folder for the SQLite file, generated development keys and uploads, relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";
}
