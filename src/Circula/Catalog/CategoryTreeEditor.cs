using Circula.Catalog.Browse;
using Circula.Data;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Circula.Catalog;

/// <summary>
/// Operators' changes to the category tree. Creates and moves, which change the tree's shape, run under
/// <see cref="CategoryTreeLock"/> so their checks (parent exists, same kind, depth, no cycle) see the tree as it will
/// be written; sibling names are the unique index's to guard. Every change rewrites the browse read model in its transaction.
/// </summary>
public sealed class CategoryTreeEditor(CirculaDbContext db, ProductReadModel readModel, TimeProvider clock)
{
    public async Task<Result<Category>> CreateAsync(CreateCategoryRequest request, CancellationToken ct)
    {
        await using var transaction = await CategoryTreeLock.BeginAsync(db, ct);
        var kind = request.Kind ?? CategoryKind.Shop;
        if (request.ParentId is { } parentId)
        {
            var tree = await CategoryTree.LoadAsync(db, tracked: false, ct);
            if (tree.Find(parentId) is not { } parent)
            {
                return CatalogErrors.UnknownParent(parentId);
            }

            if (request.Kind is { } requested && requested != parent.Kind)
            {
                return CatalogErrors.KindMismatch(parent.Kind);
            }

            if (tree.LevelOf(parentId) + 1 > Category.MaxDepth)
            {
                return CatalogErrors.TooDeep();
            }

            kind = parent.Kind;
        }

        var category = Category.Create(request.ParentId, request.Name, kind, request.SortOrder, Now);
        db.Add(category);
        if (await CommitAsync(transaction, ct) is { } conflict)
        {
            return conflict;
        }

        return category;
    }

    public Task<Result<Category>> UpdateAsync(long id, UpdateCategoryRequest request, CancellationToken ct) =>
        ChangeAsync(id, c => c.Rename(request.Name, request.SortOrder, Now), ct);

    public Task<Result<Category>> EnableAsync(long id, CancellationToken ct) => ChangeAsync(id, c => c.Enable(Now), ct);

    public Task<Result<Category>> DisableAsync(long id, CancellationToken ct) => ChangeAsync(id, c => c.Disable(Now), ct);

    /// <summary>Moves a category with its whole subtree under another parent, or makes it a root.</summary>
    public async Task<Result<Category>> MoveAsync(long id, MoveCategoryRequest request, CancellationToken ct)
    {
        // Held until commit: the checks below must see the tree as it will be when the move is written.
        await using var transaction = await CategoryTreeLock.BeginAsync(db, ct);
        var tree = await CategoryTree.LoadAsync(db, tracked: true, ct);
        if (tree.Find(id) is not { } category)
        {
            return UnknownCategory();
        }

        if (request.ParentId is { } parentId && CheckNewParent(tree, category, parentId) is { } refused)
        {
            return refused;
        }

        category.MoveUnder(request.ParentId, Now);
        if (await CommitAsync(transaction, ct) is { } conflict)
        {
            return conflict;
        }

        return category;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static DomainError? CheckNewParent(CategoryTree tree, Category category, long parentId)
    {
        if (tree.Find(parentId) is not { } parent)
        {
            return CatalogErrors.UnknownParent(parentId);
        }

        if (tree.SubtreeOf(category.Id).Contains(parentId))
        {
            return DomainError.Conflict(CatalogErrors.CategoryCycle, "A category cannot be moved under itself or one of its descendants.");
        }

        if (parent.Kind != category.Kind)
        {
            return CatalogErrors.KindMismatch(parent.Kind);
        }

        return tree.LevelOf(parentId) + tree.HeightOf(category.Id) > Category.MaxDepth ? CatalogErrors.TooDeep() : null;
    }

    /// <summary>
    /// Applies a change that does not alter the tree's shape; the version token turns a write that raced another
    /// into 409 concurrency_conflict instead of a lost update.
    /// </summary>
    private async Task<Result<Category>> ChangeAsync(long id, Action<Category> change, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.Set<Category>().FirstOrDefaultAsync(c => c.Id == id, ct) is not { } category)
        {
            return UnknownCategory();
        }

        change(category);
        if (await CommitAsync(transaction, ct) is { } conflict)
        {
            return conflict;
        }

        return category;
    }

    /// <summary>Saves, rewrites the browse read model and commits; or the conflict that stopped the save.</summary>
    private async Task<DomainError?> CommitAsync(IDbContextTransaction transaction, CancellationToken ct)
    {
        if (await SaveAsync(ct) is { } conflict)
        {
            return conflict;
        }

        await readModel.CategoriesChangedAsync(ct);
        await transaction.CommitAsync(ct);
        readModel.Committed();
        return null;
    }

    private Task<DomainError?> SaveAsync(CancellationToken ct) => CatalogErrors.SaveAsync(db, ct, (CatalogErrors.SiblingName, CatalogErrors.NameTaken));

    private static DomainError UnknownCategory() => DomainError.NotFound("The category");
}
