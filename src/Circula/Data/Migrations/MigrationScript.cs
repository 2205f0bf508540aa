using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Circula.Data.Migrations;

/// <summary>One versioned, forward-only SQL file of a <see cref="MigrationSet"/>, e.g. the product's Data/Migrations/{Provider}/NNNN_name.sql.</summary>
public sealed partial record MigrationScript(int Version, string Name, string Sql)
{
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    /// <summary>The product's migrations.</summary>
    public static IReadOnlyList<MigrationScript> For(DatabaseProvider provider) => MigrationSet.Product.Scripts(provider);

    internal static IReadOnlyList<MigrationScript> Read(Assembly assembly, string prefix, DatabaseProvider provider)
    {
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var match = FileName().Match(resource[prefix.Length..]);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration resource '{resource}' is not named NNNN_name.sql.");
            }

            scripts.Add(new MigrationScript(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                match.Groups[2].Value, Read(assembly, resource)));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version != i + 1)
            {
                throw new InvalidOperationException($"{provider} migrations must be numbered 1..n without gaps; found {scripts[i].Version} at position {i + 1}.");
            }
        }

        return scripts;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    // The SDK prefixes names that start with a digit with an underscore.
    [GeneratedRegex(@"^_?(\d{4})_(\w+)\.sql$")]
    private static partial Regex FileName();
}
