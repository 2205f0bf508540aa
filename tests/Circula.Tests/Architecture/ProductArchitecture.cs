using ArchUnitNET.Loader;

namespace Circula.Tests.Architecture;

/// <summary>The compiled product assembly as ArchUnitNET reads it (types and method bodies), loaded once for every rule.</summary>
internal static class ProductArchitecture
{
    public static readonly ArchUnitNET.Domain.Architecture Loaded = new ArchLoader().LoadAssemblies(typeof(CirculaModules).Assembly).Build();
}
