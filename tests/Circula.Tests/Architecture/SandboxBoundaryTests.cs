using System.Reflection;
using Circula.Cli;
using Circula.Sandbox;

namespace Circula.Tests.Architecture;

/// <summary>
/// The sandboxes live in Circula.Sandbox, which the server loads only when they are enabled; the compiled product
/// (the Circula assembly) and the CLI know nothing of them.
/// </summary>
public sealed class SandboxBoundaryTests
{
    private static readonly Assembly Product = typeof(CirculaModules).Assembly;
    private static readonly Assembly SandboxAssembly = typeof(CirculaSandbox).Assembly;

    /// <summary>Every type, nested and compiler-generated ones included (they carry the names of the methods they come from).</summary>
    private static List<string> SandboxTypesIn(Assembly assembly) =>
        assembly.GetTypes().Select(t => t.FullName ?? t.Name).Where(name => name.Contains("Sandbox", StringComparison.OrdinalIgnoreCase)).Order().ToList();

    private static bool References(Assembly assembly, Assembly referenced) =>
        assembly.GetReferencedAssemblies().Any(r => AssemblyName.ReferenceMatchesDefinition(r, referenced.GetName()));

    [Fact]
    public void The_product_assembly_has_no_sandbox_type()
    {
        var found = SandboxTypesIn(Product);
        Assert.True(found.Count == 0, "Sandbox types in the product assembly (move them to src/Circula.Sandbox):\n" + string.Join("\n", found));
    }

    [Fact]
    public void Neither_the_product_nor_the_cli_references_the_sandbox_assembly()
    {
        Assert.False(References(Product, SandboxAssembly), $"{Product.GetName().Name} references {SandboxAssembly.GetName().Name}.");
        Assert.False(References(typeof(CirculaCli).Assembly, SandboxAssembly), $"Circula.Cli references {SandboxAssembly.GetName().Name}.");
    }

    [Fact]
    public void The_checks_see_the_sandbox_where_it_is()
    {
        Assert.Contains(typeof(CirculaSandbox).FullName!, SandboxTypesIn(SandboxAssembly));
        Assert.True(References(SandboxAssembly, Product));
    }
}
