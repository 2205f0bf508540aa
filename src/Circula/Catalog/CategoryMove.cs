using Circula.Data;
using Circula.Shared;
using Circula.Shared.OpenApi;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Catalog;

/// <param name="ParentId">The new parent, or null to make the category a root.</param>
public sealed record MoveCategoryRequest(long? ParentId) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (ParentId is <= 0)
        {
            errors.Add("parentId", "must be a category id or null.");
        }
    }
}

/// <summary>Moves a category with its whole subtree under another parent.</summary>
public static class CategoryMove
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapPost("/{id:long}/move", Handle)
            .WithName("MoveCategory")
            .WithSummary("Move a category under another parent; 409 category_cycle under itself or a descendant, 422 unknown_parent_category / category_too_deep / category_kind_mismatch")
            .Validate<MoveCategoryRequest>()
            .ProducesCategoryChangeProblems()
            .WithRequestExample(new MoveCategoryRequest(5))
            .WithResponseExample(CategoryResponse.Example);

    public static async Task<Results<Ok<CategoryResponse>, ProblemHttpResult>> Handle(
        long id, MoveCategoryRequest request, CirculaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        // Held until commit: the checks below must see the tree as it will be when the move is written.
        await using var transaction = await CategoryTreeLock.BeginAsync(db, ct);
        var tree = await CategoryTree.LoadAsync(db, tracked: true, ct);
        if (tree.Find(id) is not { } category)
        {
            return ApiProblems.NotFound("The category");
        }

        if (request.ParentId is { } parentId)
        {
            if (tree.Find(parentId) is not { } parent)
            {
                return ApiProblems.Unprocessable(CatalogProblems.UnknownParentCategory, $"Parent category {parentId} does not exist.");
            }

            if (tree.SubtreeOf(id).Contains(parentId))
            {
                return ApiProblems.Conflict(CatalogProblems.CategoryCycle, "A category cannot be moved under itself or one of its descendants.");
            }

            if (parent.Kind != category.Kind)
            {
                return CategoryAdmin.KindMismatch(parent.Kind);
            }

            if (tree.LevelOf(parentId) + tree.HeightOf(id) > Category.MaxDepth)
            {
                return CategoryAdmin.TooDeep();
            }
        }

        if (category.ParentId != request.ParentId)
        {
            category.ParentId = request.ParentId;
            category.Touch(clock.GetUtcNow().UtcDateTime);
        }

        if (await CatalogProblems.SaveAsync(db, ct, (CatalogProblems.SiblingName, CatalogProblems.NameTaken)) is { } conflict)
        {
            return conflict;
        }

        await transaction.CommitAsync(ct);
        return TypedResults.Ok(CategoryResponse.From(category));
    }
}
