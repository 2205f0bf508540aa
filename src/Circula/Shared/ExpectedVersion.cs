namespace Circula.Shared;

/// <summary>The versions a conditional write accepts (from If-Match): any existing version, or one of these.</summary>
public sealed record ExpectedVersion(bool AnyVersion, IReadOnlySet<int> Versions)
{
    public bool Allows(int version) => AnyVersion || Versions.Contains(version);
}
