namespace Circula.Catalog.Contracts;

/// <summary>A category of the recycling tree: its path from the root ("电子产品/旧手机") and whether customers may use it now.</summary>
public sealed record RecyclingCategory(long Id, long? ParentId, string Name, string Path, bool IsLeaf, bool IsEnabled);

public interface IRecyclingCategories
{
    /// <summary>Every recycling category, parents before their children; IsEnabled is false when it or an ancestor is disabled.</summary>
    Task<IReadOnlyList<RecyclingCategory>> ListAsync(CancellationToken ct);
}
