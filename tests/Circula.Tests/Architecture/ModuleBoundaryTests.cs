using ArchUnitNET.Domain;
using ArchUnitNET.Domain.Dependencies;
using ArchType = ArchUnitNET.Domain.IType;

namespace Circula.Tests.Architecture;

/// <summary>
/// The module rules, checked on the compiled product assembly (ArchUnitNET reads its IL, method bodies included):
/// a module uses another only through that module's <c>Contracts</c>; Shared and Data (infrastructure) use no module;
/// domain code names no ASP.NET Core HTTP type (the HTTP edge is each module's <c>Endpoints</c> namespace, its
/// <c>XxxModule</c> type and <c>Circula.Shared.Http</c>/<c>OpenApi</c>). Only the composition root
/// (<c>Circula.CirculaModules</c>) names every module.
/// </summary>
public sealed class ModuleBoundaryTests
{
    private static readonly ArchUnitNET.Domain.Architecture Product = ProductArchitecture.Loaded;

    /// <summary>The modules, found as the namespaces that hold an <c>XxxModule</c> type.</summary>
    private static readonly string[] Modules = Product.Types
        .Where(t => t.Name.EndsWith("Module", StringComparison.Ordinal) && t.Namespace.FullName.Count(c => c == '.') == 1)
        .Select(t => t.Namespace.FullName.Split('.')[1]).Where(m => m is not ("Shared" or "Data")).Distinct().Order().ToArray();

    private static readonly string[] HttpNamespaces = ["Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Mvc", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Routing"];

    [Fact]
    public void The_modules_are_found()
    {
        Assert.Superset(new HashSet<string> { "Catalog", "Identity", "Inventory", "Ordering", "Payments" }, Modules.ToHashSet());
    }

    [Fact]
    public void Modules_reach_other_modules_only_through_their_contracts()
    {
        var violations = Dependencies()
            .Where(d => ModuleOf(d.Origin) is { } from && ModuleOf(d.Target) is { } to && from != to && !IsContracts(d.Target))
            .Select(Describe).Distinct().ToList();
        Assert.True(violations.Count == 0, "Module boundary violations:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Shared_and_data_use_no_module_but_identity_contracts()
    {
        var violations = Dependencies()
            .Where(d => IsIn(d.Origin, "Circula.Shared") || IsIn(d.Origin, "Circula.Data"))
            .Where(d => ModuleOf(d.Target) is { } to && !(to == "Identity" && IsContracts(d.Target)))
            .Select(Describe).Distinct().ToList();
        Assert.True(violations.Count == 0, "Infrastructure reaches into modules:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Domain_code_names_no_http_type()
    {
        var violations = Dependencies()
            .Where(d => IsDomain(d.Origin) && HttpNamespaces.Any(ns => IsIn(d.Target, ns)))
            .Select(Describe).Distinct().ToList();
        Assert.True(violations.Count == 0, "Domain types that use ASP.NET Core HTTP types (move them to the module's Endpoints namespace):\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_checks_see_method_bodies_and_name_the_offender()
    {
        // StateMachineEngine's body news up history rows through a delegate and calls Outbox.Add: both are dependencies.
        var engine = Dependencies().Where(d => d.Origin.FullName == typeof(Circula.Shared.StateMachines.StateMachineEngine).FullName).ToList();
        Assert.Contains(engine, d => d.Target.FullName == typeof(Circula.Shared.Outbox.Outbox).FullName);
        Assert.Contains(Modules, m => m == "Payments");
    }

    private static IEnumerable<ITypeDependency> Dependencies() =>
        Product.Types.Where(t => IsIn(t, "Circula")).SelectMany(t => t.Dependencies).Where(d => d.Origin.FullName != d.Target.FullName);

    /// <summary>The module a type belongs to, or null for Shared, Data, the composition root and anything outside Circula.</summary>
    private static string? ModuleOf(ArchType type)
    {
        var parts = type.Namespace.FullName.Split('.');
        return parts.Length >= 2 && parts[0] == "Circula" && Modules.Contains(parts[1]) ? parts[1] : null;
    }

    private static bool IsContracts(ArchType type) => type.Namespace.FullName.Split('.') is [_, _, "Contracts", ..];

    /// <summary>Anything in a module or Shared but the HTTP edge (module Endpoints namespaces, XxxModule types, Shared.Http, Shared.OpenApi).</summary>
    private static bool IsDomain(ArchType type)
    {
        var ns = type.Namespace.FullName;
        if (!(ModuleOf(type) is not null || IsIn(type, "Circula.Shared")) || ns.EndsWith(".Endpoints", StringComparison.Ordinal) || ns.Contains(".Endpoints.", StringComparison.Ordinal))
        {
            return false;
        }

        return !(IsIn(type, "Circula.Shared.Http") || IsIn(type, "Circula.Shared.OpenApi") || OuterName(type).EndsWith("Module", StringComparison.Ordinal));
    }

    private static string OuterName(ArchType type) => type.FullName[(type.Namespace.FullName.Length + 1)..].Split('+', '`', '<')[0];

    private static bool IsIn(ArchType type, string ns) =>
        type.Namespace.FullName == ns || type.Namespace.FullName.StartsWith(ns + ".", StringComparison.Ordinal);

    private static string Describe(ITypeDependency d) => $"{d.Origin.FullName} -> {d.Target.FullName}";
}
