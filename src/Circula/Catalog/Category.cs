namespace Circula.Catalog;

/// <summary>What a category tree is for: goods the shop sells, or materials the recycling side buys.</summary>
public enum CategoryKind
{
    Shop,
    Recycling,
}

/// <summary>
/// A node of the category tree. Children share their parent's kind, so the kind is fixed at creation. Every change
/// bumps <see cref="Version"/>; the tree-wide rules (no cycles, depth, sibling names) are <see cref="CategoryTreeEditor"/>'s.
/// </summary>
public sealed class Category
{
    public const int MaxNameLength = 50;

    /// <summary>Levels including the root level: deeper trees are hard to browse on a phone.</summary>
    public const int MaxDepth = 5;

    private Category()
    {
    }

    public long Id { get; private set; }

    public long? ParentId { get; private set; }

    public string Name { get; private set; } = "";

    public CategoryKind Kind { get; private init; }

    public int SortOrder { get; private set; }

    public bool IsEnabled { get; private set; } = true;

    public DateTime CreatedAt { get; private init; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>Concurrency token, bumped by every change.</summary>
    public int Version { get; private set; } = 1;

    public static Category Create(long? parentId, string name, CategoryKind kind, int sortOrder, DateTime now) => new()
    {
        ParentId = parentId,
        Name = RequireName(name),
        Kind = kind,
        SortOrder = sortOrder,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public void Rename(string name, int sortOrder, DateTime now)
    {
        var trimmed = RequireName(name);
        if (Name != trimmed || SortOrder != sortOrder)
        {
            (Name, SortOrder) = (trimmed, sortOrder);
            Touch(now);
        }
    }

    public void Enable(DateTime now) => SetEnabled(true, now);

    /// <summary>Hides the category and, through <see cref="CategoryTree.VisibleIds"/>, everything below it.</summary>
    public void Disable(DateTime now) => SetEnabled(false, now);

    /// <summary>Moves the category (with its subtree) under <paramref name="parentId"/>, or makes it a root.</summary>
    public void MoveUnder(long? parentId, DateTime now)
    {
        if (ParentId != parentId)
        {
            ParentId = parentId;
            Touch(now);
        }
    }

    private void SetEnabled(bool enabled, DateTime now)
    {
        if (IsEnabled != enabled)
        {
            IsEnabled = enabled;
            Touch(now);
        }
    }

    private void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version++;
    }

    private static string RequireName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name.Trim();
    }
}
