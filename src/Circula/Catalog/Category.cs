namespace Circula.Catalog;

/// <summary>What a category tree is for: goods the shop sells, or materials the recycling side buys.</summary>
public enum CategoryKind
{
    Shop,
    Recycling,
}

/// <summary>A node of the category tree. Children share their parent's kind.</summary>
public sealed class Category
{
    public const int MaxNameLength = 50;

    /// <summary>Levels including the root level: deeper trees are hard to browse on a phone.</summary>
    public const int MaxDepth = 5;

    public long Id { get; set; }

    public long? ParentId { get; set; }

    public required string Name { get; set; }

    public CategoryKind Kind { get; set; }

    public int SortOrder { get; set; }

    public bool IsEnabled { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Concurrency token, bumped by every change.</summary>
    public int Version { get; set; } = 1;

    public void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version++;
    }
}
