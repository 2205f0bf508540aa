using System.Text.RegularExpressions;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Architecture;

/// <summary>
/// A module uses another only through that module's Contracts namespace; Shared depends on no module but Identity's
/// contracts. The composition roots (Data's DbContext and start-up seeding, CirculaModules, the server and the CLI)
/// may name everything.
/// </summary>
public sealed partial class ModuleBoundaryTests
{
    private static readonly string Source = Path.Combine(RepositoryRoot.Path, "src", "Circula");

    private static readonly string[] Modules = Directory.GetDirectories(Source)
        .Where(d => Directory.GetFiles(d, "*Module.cs").Length > 0 && Path.GetFileName(d) is not ("Shared" or "Data"))
        .Select(Path.GetFileName).ToArray()!;

    [Fact]
    public void The_modules_are_found()
    {
        Assert.Superset(new HashSet<string> { "Catalog", "Identity", "Inventory", "Ordering" }, Modules.ToHashSet());
    }

    [Fact]
    public void Modules_reach_other_modules_only_through_their_contracts()
    {
        var violations = Modules.SelectMany(module => ViolationsIn(Path.Combine(Source, module), Modules.Where(m => m != module))).ToList();
        Assert.True(violations.Count == 0, "Module boundary violations:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Shared_depends_on_no_module_but_identity_contracts()
    {
        var violations = ViolationsIn(Path.Combine(Source, "Shared"), Modules).ToList();
        Assert.True(violations.Count == 0, "Shared reaches into modules:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_check_catches_a_reach_into_another_module_and_allows_contracts()
    {
        var folder = Directory.CreateTempSubdirectory("boundary-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "Bad.cs"), "using Circula.Catalog;\nusing Circula.Catalog.Contracts;\nvar x = Circula.Inventory.StockLedger.Create();\n");
            var violations = ViolationsIn(folder, ["Catalog", "Inventory"]).ToList();
            Assert.Equal(2, violations.Count);
            Assert.Contains(violations, v => v.EndsWith("using Circula.Catalog;", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static IEnumerable<string> ViolationsIn(string folder, IEnumerable<string> otherModules)
    {
        var others = otherModules.ToHashSet();
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match reference in ModuleReference().Matches(lines[i]))
                {
                    if (others.Contains(reference.Groups["module"].Value) && reference.Groups["contracts"].Value != "Contracts")
                    {
                        yield return $"{Path.GetRelativePath(RepositoryRoot.Path, file)}:{i + 1}: {lines[i].Trim()}";
                    }
                }
            }
        }
    }

    [GeneratedRegex(@"\bCircula\.(?<module>[A-Z]\w*)(\.(?<contracts>\w+))?")]
    private static partial Regex ModuleReference();
}
