using Circula.Catalog.Browse;
using Circula.Data;
using Microsoft.EntityFrameworkCore;

namespace Circula.Catalog;

/// <summary>
/// The whole category tree in memory. A shop has hundreds of categories, not millions, so loading them all is
/// cheaper and simpler than recursive SQL, and it is the same code on SQLite and PostgreSQL.
/// </summary>
internal sealed class CategoryTree
{
    private readonly Dictionary<long, Category> _byId;
    private readonly ILookup<long, Category> _children;

    private CategoryTree(IReadOnlyCollection<Category> categories)
    {
        _byId = categories.ToDictionary(c => c.Id);
        _children = categories.Where(c => c.ParentId is not null).ToLookup(c => c.ParentId!.Value);
        Roots = categories.Where(c => c.ParentId is null).ToList();
    }

    public IReadOnlyList<Category> Roots { get; }

    /// <summary>Loads every category; <paramref name="tracked"/> when the caller will change one of them.</summary>
    public static async Task<CategoryTree> LoadAsync(CirculaDbContext db, bool tracked, CancellationToken ct)
    {
        var query = tracked ? db.Set<Category>() : db.Set<Category>().AsNoTracking();
        return new CategoryTree(await query.ToListAsync(ct));
    }

    public Category? Find(long id) => _byId.GetValueOrDefault(id);

    public IEnumerable<Category> ChildrenOf(long id) => _children[id];

    /// <summary>1 for a root category, 2 for its children, ...</summary>
    public int LevelOf(long id)
    {
        var level = 0;
        for (var node = Find(id); node is not null && level <= _byId.Count; node = node.ParentId is { } p ? Find(p) : null)
        {
            level++;
        }

        return level;
    }

    /// <summary>Levels in the subtree of <paramref name="id"/>: 1 for a leaf.</summary>
    public int HeightOf(long id) => 1 + ChildrenOf(id).Select(c => HeightOf(c.Id)).DefaultIfEmpty(0).Max();

    /// <summary><paramref name="id"/> and every category below it.</summary>
    public IEnumerable<long> SubtreeOf(long id) => ChildrenOf(id).SelectMany(c => SubtreeOf(c.Id)).Prepend(id);

    /// <summary>Enabled categories whose ancestors are all enabled: disabling a category hides its whole subtree.</summary>
    public HashSet<long> VisibleIds()
    {
        var visible = new HashSet<long>();
        var pending = new Stack<Category>(Roots.Where(r => r.IsEnabled));
        while (pending.TryPop(out var node))
        {
            visible.Add(node.Id);
            foreach (var child in ChildrenOf(node.Id).Where(c => c.IsEnabled))
            {
                pending.Push(child);
            }
        }

        return visible;
    }

    /// <summary>Every category's path of ids from its root and whether buyers see it (see <see cref="VisibleIds"/>).</summary>
    public IEnumerable<CategoryPath> Paths()
    {
        var pending = new Stack<CategoryPath>(Roots.Select(r => new CategoryPath(r.Id, $"/{r.Id}/", r.IsEnabled)));
        while (pending.TryPop(out var node))
        {
            yield return node;
            foreach (var child in ChildrenOf(node.CategoryId))
            {
                pending.Push(new CategoryPath(child.Id, $"{node.Path}{child.Id}/", node.IsVisible && child.IsEnabled));
            }
        }
    }
}
