using Circula.Catalog.Contracts;
using Circula.Data;

namespace Circula.Catalog;

internal sealed class RecyclingCategories(CirculaDbContext db) : IRecyclingCategories
{
    public async Task<IReadOnlyList<RecyclingCategory>> ListAsync(CancellationToken ct)
    {
        var tree = await CategoryTree.LoadAsync(db, tracked: false, ct);
        var visible = tree.VisibleIds();
        var list = new List<RecyclingCategory>();
        void Add(Category category, string path)
        {
            var children = tree.ChildrenOf(category.Id).ToList();
            list.Add(new RecyclingCategory(category.Id, category.ParentId, category.Name, path, children.Count == 0, visible.Contains(category.Id)));
            foreach (var child in children)
            {
                Add(child, $"{path}/{child.Name}");
            }
        }

        foreach (var root in tree.Roots.Where(r => r.Kind == CategoryKind.Recycling))
        {
            Add(root, root.Name);
        }

        return list;
    }
}
